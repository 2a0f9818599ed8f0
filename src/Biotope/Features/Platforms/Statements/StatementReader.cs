using System.Globalization;
using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Statements;

/// <summary>
/// Monthly usage statements (ADR 010): the bookings that start in the Brussels month, confirmed ones at their frozen price
/// (no-shows included and flagged), cancelled ones at their cancellation charge when there is one. Who reads what: staff any
/// statement; the people of an organization their organization's; a platform's managers their platform's, and any organization's
/// restricted to the platforms they manage.
/// </summary>
public sealed class StatementReader(BiotopeDb db, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>"2026-11" for the Brussels month of now.</summary>
    public string CurrentMonth => BrusselsTime.ToLocal(Now).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Whether any line is an illustrative booking of the demo data.</summary>
    public async Task<bool> HasIllustrativeLinesAsync(Statement statement, CancellationToken ct = default)
    {
        var ids = statement.Lines.Select(l => l.BookingId).ToList();
        return ids.Count > 0 && await db.Bookings.AnyAsync(b => ids.Contains(b.Id) && b.Illustrative, ct);
    }

    public async Task<Outcome<Statement>> ReadAsync(ClaimsPrincipal user, int? organizationId, int? platformId, string? month, CancellationToken ct = default)
    {
        var errors = new FieldPhrases();
        if (!TryParseMonth(month, out var first)) errors.Add("month", "statement.month.invalid", month);
        if (organizationId is null && platformId is null) errors.Add("organization", "statement.scope.required");
        if (errors.ToFailure() is { } invalid) return invalid;

        var organization = organizationId is { } orgId ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId && o.DeletedAt == null, ct) : null;
        if (organizationId is not null && organization is null) return Failure.NotFound(Phrase.Of("statement.organization.not-found", organizationId));
        var platform = platformId is { } pId ? await db.Platforms.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pId, ct) : null;
        if (platformId is not null && platform is null) return Failure.NotFound(Phrase.Of("platform.not-found", platformId));

        var access = await AccessAsync(user, organizationId, platformId, ct);
        if (access.Failure is { } forbidden) return forbidden;
        var limitedTo = access.Value;

        var language = Texts.Current.Language;
        var from = BrusselsTime.FromLocal(first);
        var to = BrusselsTime.FromLocal(first.AddMonths(1));
        var bookings = db.Bookings.AsNoTracking()
            .Where(b => b.StartsAt >= from && b.StartsAt < to && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Cancelled));
        if (organizationId is { } o) bookings = bookings.Where(b => b.OrganizationId == o);
        var platformIds = platformId is { } p ? [p] : limitedTo;
        if (platformIds is not null)
        {
            var equipmentIds = await db.Equipment.Where(e => platformIds.Contains(e.PlatformId)).Select(e => e.Id).ToListAsync(ct);
            bookings = bookings.Where(b => equipmentIds.Contains(b.EquipmentId));
        }
        // One indexed range query, projected; decimals are summed here, not in SQL (SQLite stores them as text).
        var rows = await bookings.OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .Select(b => new Row(b.Id, b.EquipmentId, b.UserId, b.OrganizationId, b.StartsAt, b.EndsAt, b.Status, b.Category, b.HourlyRate, b.Price,
                b.CancellationCharge, b.CheckedInAt, b.CheckedOutAt))
            .ToListAsync(ct);
        var billed = rows.Where(r => r.Status == BookingStatus.Confirmed || r.CancellationCharge > 0).ToList();

        var equipmentIdsBilled = billed.Select(r => r.EquipmentId).Distinct().ToList();
        var equipmentNames = await db.Equipment.AsNoTracking().Where(e => equipmentIdsBilled.Contains(e.Id)).Select(e => new { e.Id, e.Name, e.PlatformId }).ToDictionaryAsync(e => e.Id, ct);
        var platformNames = await db.Platforms.AsNoTracking().Select(x => new { x.Id, x.NameEn, x.NameFr }).ToDictionaryAsync(x => x.Id, x => Texts.Current.Pick(x.NameFr, x.NameEn), ct);
        var userIds = billed.Select(r => r.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName ?? u.Email ?? u.Id }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var organizationIds = billed.Select(r => r.OrganizationId).Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(x => organizationIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.DisplayName(language), ct);

        var now = Now;
        var lines = billed.Select(r =>
        {
            var equipment = equipmentNames[r.EquipmentId];
            var kind = r.Status == BookingStatus.Cancelled ? StatementLineKind.LateCancellation
                : r.CheckedInAt is null && r.EndsAt <= now ? StatementLineKind.NoShow : StatementLineKind.Booking;
            var localStart = BrusselsTime.ToLocal(r.StartsAt);
            var localEnd = BrusselsTime.ToLocal(r.EndsAt);
            return new StatementLine(r.Id, r.StartsAt, r.EndsAt, localStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                localStart.ToString("HH:mm", CultureInfo.InvariantCulture), localEnd.ToString("HH:mm", CultureInfo.InvariantCulture),
                r.EquipmentId, equipment.Name, equipment.PlatformId, platformNames[equipment.PlatformId], users.GetValueOrDefault(r.UserId, r.UserId),
                r.OrganizationId, organizations.GetValueOrDefault(r.OrganizationId, $"#{r.OrganizationId}"), r.Category.ToString(),
                Hours(r.StartsAt, r.EndsAt), r.CheckedInAt is { } inAt && r.CheckedOutAt is { } outAt ? Hours(inAt, outAt) : null,
                r.HourlyRate, r.Status == BookingStatus.Cancelled ? r.CancellationCharge : r.Price, kind);
        }).ToList();

        return new Statement(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, to,
            organization is null ? null : new OrganizationRef(organization.Id, organization.Slug, organization.DisplayName(language)),
            platform?.ToRef(), limitedTo, to > now, lines,
            [.. lines.GroupBy(l => (l.PlatformId, l.Platform)).Select(g => Subtotal(g.Key.PlatformId, g.Key.Platform, g)).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)],
            [.. lines.GroupBy(l => (l.OrganizationId, l.Organization)).Select(g => Subtotal(g.Key.OrganizationId, g.Key.Organization, g)).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)],
            Totals(lines));
    }

    /// <summary>Null when the reader sees everything asked for; the platforms they may see when only some; a failure when none.</summary>
    private async Task<Outcome<List<int>?>> AccessAsync(ClaimsPrincipal user, int? organizationId, int? platformId, CancellationToken ct)
    {
        if (user.IsStaff()) return (List<int>?)null;
        var ownOrganization = organizationId is { } o && user.OrganizationId() == o;
        var managed = await db.ManagedPlatformIdsAsync(user, ct);
        if (platformId is { } p)
        {
            if (managed.Contains(p) || ownOrganization) return (List<int>?)null;
            return Failure.Forbidden(Phrase.Of(organizationId is null ? "statement.platform.forbidden" : "statement.platform-organization.forbidden"));
        }
        if (ownOrganization) return (List<int>?)null;
        if (managed.Count > 0) return managed;
        return Failure.Forbidden(Phrase.Of("statement.own-organization-only"));
    }

    public static bool TryParseMonth(string? text, out DateTime first)
    {
        var ok = DateTime.TryParseExact(text?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out first) && first.Year is >= 2000 and <= 2100;
        first = DateTime.SpecifyKind(first, DateTimeKind.Unspecified);
        return ok;
    }

    private static decimal Hours(DateTimeOffset start, DateTimeOffset end) => Math.Round(Pricing.Hours(start, end), 2, MidpointRounding.AwayFromZero);

    private static StatementSubtotal Subtotal(int id, string name, IEnumerable<StatementLine> lines)
    {
        var totals = Totals(lines);
        return new(id, name, totals.Count, totals.BookedHours, totals.ActualHours, totals.Amount);
    }

    public static StatementTotals Totals(IEnumerable<StatementLine> lines)
    {
        var list = lines as IReadOnlyCollection<StatementLine> ?? [.. lines];
        return new(list.Count, list.Sum(l => l.BookedHours), list.Sum(l => l.ActualHours ?? 0m), list.Sum(l => l.Amount));
    }

    private sealed record Row(long Id, int EquipmentId, string UserId, int OrganizationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, BookingStatus Status,
        UserCategory Category, decimal HourlyRate, decimal Price, decimal CancellationCharge, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt);
}
