using System.Reflection;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// The mechanism behind "a test per write endpoint for each ruled field" (issue 11 §2, ADR 017): every field policy the
/// app declares is listed here with the test that walks its <see cref="FieldPolicy{TInput, TStored, TWriter}.Fields"/>,
/// so a new policy fails until its endpoint test exists, and a new rule in a known policy fails inside that test.
/// </summary>
public sealed class FieldRightsCoverageTests
{
    private static readonly Dictionary<string, string> Tested = new()
    {
        [$"{nameof(OrganizationEditor)}.{nameof(OrganizationEditor.Rights)}"] = "OrganizationFieldRightsContract.A_member_admin_changing_a_staff_field_gets_a_field_error_naming_it_and_nothing_is_stored (PUT /api/v1/organizations/{id})",
        [$"{nameof(ExpertsApi)}.{nameof(ExpertsApi.Rights)}"] = "ExpertFieldRightsTests.An_assigned_expert_changing_a_ruled_field_gets_a_field_error_naming_it_and_nothing_is_stored (PUT /api/v1/experts/{id})",
        [$"{nameof(PlatformEditor)}.{nameof(PlatformEditor.Rights)}"] = "PlatformsApiContract.Writes_are_401_anonymous_403_for_members_and_other_managers_and_allowed_to_the_platforms_own_manager (PUT /api/v1/platforms/{id})",
    };

    [Fact]
    public void Every_field_policy_has_a_test_that_walks_its_fields()
    {
        var declared = typeof(FieldRights).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(FieldPolicy<,,>))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();

        Assert.True(declared.Count >= Tested.Count, "fewer field policies found than tested: the search is broken");
        var untested = declared.Where(d => !Tested.ContainsKey(d)).ToList();
        Assert.True(untested.Count == 0, "Field policies without a generated endpoint test (write one over Rights.Fields and list it here): " + string.Join(", ", untested));
        Assert.Empty(Tested.Keys.Except(declared));
    }

    [Fact]
    public void Every_policy_rules_on_at_least_one_field_and_names_it_once()
    {
        foreach (var fields in new[] { OrganizationEditor.Rights.Fields, ExpertsApi.Rights.Fields, PlatformEditor.Rights.Fields })
        {
            Assert.NotEmpty(fields);
            Assert.Equal(fields.Count, fields.Distinct(StringComparer.Ordinal).Count());
        }
    }
}
