using Biotope.Features.Organizations;

namespace Biotope.Features.Platforms;

/// <summary>Rates and prices of bookings, in decimal euros rounded to the cent (ADR 010).</summary>
public static class Pricing
{
    /// <summary>
    /// The user category an organization pays as on a platform: its owner is internal; universities, research
    /// institutes and hospitals are academic; everyone else is a company, a member while its cluster membership is active.
    /// </summary>
    public static UserCategory CategoryOf(Organization organization, Platform platform) =>
        organization.Id == platform.OwnerOrganizationId ? UserCategory.Internal
        : organization.Type is OrganizationType.University or OrganizationType.ResearchInstitute or OrganizationType.Hospital ? UserCategory.Academic
        : organization.Membership == MembershipStatus.Active ? UserCategory.MemberCompany
        : UserCategory.NonMemberCompany;

    /// <summary>The card valid on the Brussels date the booking starts, or null when the category has none.</summary>
    public static RateCard? RateOn(IEnumerable<RateCard> rates, UserCategory category, DateOnly day) =>
        rates.Where(r => r.Category == category && r.ValidFrom <= day && (r.ValidTo is null || day <= r.ValidTo))
            .OrderByDescending(r => r.ValidFrom).FirstOrDefault();

    /// <summary>Real elapsed time (UTC), so a booking across a daylight-saving change is charged what it lasts.</summary>
    public static decimal Hours(DateTimeOffset start, DateTimeOffset end) => (decimal)(end - start).TotalMinutes / 60m;

    public static decimal Price(DateTimeOffset start, DateTimeOffset end, decimal hourlyRate) =>
        Cents((decimal)(end - start).TotalMinutes * hourlyRate / 60m);

    /// <summary>What cancelling costs at <paramref name="now"/>: free until the rule's notice, then its share of the price.</summary>
    public static decimal CancellationCharge(Booking booking, BookingRules rules, DateTimeOffset now) =>
        booking.StartsAt - now >= TimeSpan.FromHours(rules.FreeCancellationHours) ? 0m : Cents(booking.Price * rules.LateCancellationPercent / 100m);

    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
