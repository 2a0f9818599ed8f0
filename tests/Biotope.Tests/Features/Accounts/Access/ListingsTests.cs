using Biotope.Tests.Features.Calls;

namespace Biotope.Tests.Features.Accounts.Access;

/// <summary>
/// What the matrix cannot see: a list answers 200 to everyone allowed, so its rows must also be filtered per reader.
/// The demo draft NEUROPET (IBA coordinates, ULiège invited, UMons a partner) is listed only to its people and staff.
/// </summary>
public sealed class ListingsTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    [Theory]
    [InlineData(Role.Expert, false)]
    [InlineData(Role.PlatformManager, false)]
    [InlineData(Role.Trainer, false)]
    [InlineData(Role.Member, true)]
    [InlineData(Role.MemberAdmin, true)]
    [InlineData(Role.InvitedPartner, true)]
    [InlineData(Role.Staff, true)]
    public async Task A_calls_proposals_are_listed_to_their_coordinator_partners_and_staff_only(Role role, bool seesIt)
    {
        var list = await world.Api[role].GetJsonAsync(world.Fill("/api/v1/calls/{calls}/proposals"));

        var acronyms = list.EnumerateArray().Select(p => p.GetProperty("acronym").GetString()).ToList();
        Assert.Equal(seesIt, acronyms.Contains("NEUROPET"));
        if (!seesIt) Assert.Empty(acronyms);
    }
}
