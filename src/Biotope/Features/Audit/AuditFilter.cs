using System.Globalization;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Audit;

/// <summary>
/// Which entries of the audit log to show: one kind of record (and one record of it), one person, Brussels dates from and to
/// (both included), older than an entry (keyset paging). Validated once; the URL carries it whole.
/// </summary>
public sealed record AuditFilter(string? Entity, string? Id, string? Person, DateOnly? From, DateOnly? To, long? Before)
{
    public static readonly AuditFilter None = new(null, null, null, null, null, null);

    /// <summary>The entity types whose changes the log records, by their stored name ("Organization", "IdentityUserRole`1").</summary>
    public static IReadOnlyList<string> EntityTypes(BiotopeDb db) =>
        [.. db.Model.GetEntityTypes().Where(BiotopeDb.IsAudited).Select(e => e.ClrType.Name).Distinct().Order(StringComparer.Ordinal)];

    public static Outcome<AuditFilter> Parse(IReadOnlyList<string> entityTypes, string? entity, string? id, string? person, string? from, string? to, long? before)
    {
        var errors = new Dictionary<string, Phrase[]>();
        entity = Blank(entity);
        id = Blank(id);
        if (entity is not null && !entityTypes.Contains(entity, StringComparer.Ordinal)) errors["entity"] = [Phrase.Of("audit.filter.entity.unknown", entity)];
        if (id is not null && entity is null) errors["id"] = [Phrase.Of("audit.filter.id.needs-entity")];
        var fromDate = ReadDate(from, "from", errors);
        var toDate = ReadDate(to, "to", errors);
        if (fromDate is { } f && toDate is { } t && f > t) errors["to"] = [Phrase.Of("audit.filter.date.order")];
        if (errors.Count > 0) return Failure.Invalid(errors);
        return new AuditFilter(entity, id, Blank(person), fromDate, toDate, before);
    }

    /// <summary>The first instant of the Brussels day: midnight is 23:00 or 22:00 UTC the day before, depending on the season.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => BrusselsTime.FromLocal(day.ToDateTime(TimeOnly.MinValue));

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries, BiotopeDb db)
    {
        if (Entity is { } entity) entries = entries.Where(e => e.EntityType == entity);
        if (Id is { } id) entries = entries.Where(e => e.EntityId == id);
        if (Person is { } person)
        {
            var text = person.ToLowerInvariant();
            var named = db.Users.Where(u => u.DisplayName != null && u.DisplayName.ToLower().Contains(text)).Select(u => u.Id);
            entries = entries.Where(e => (e.UserEmail != null && e.UserEmail.ToLower().Contains(text)) || (e.UserId != null && named.Contains(e.UserId)));
        }
        if (From is { } from)
        {
            var start = StartOf(from);
            entries = entries.Where(e => e.At >= start);
        }
        if (To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }
        if (Before is { } before) entries = entries.Where(e => e.Id < before);
        return entries;
    }

    /// <summary>The audit log's address for this filter, older than <paramref name="before"/> (null: from the newest).</summary>
    public string Link(long? before)
    {
        var query = new List<(string Key, string? Value)>
        {
            ("entity", Entity), ("id", Id), ("person", Person), ("from", Iso(From)), ("to", Iso(To)), ("before", before?.ToString(CultureInfo.InvariantCulture)),
        };
        var pairs = query.Where(p => p.Value is { Length: > 0 }).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return "/audit" + (pairs.Count > 0 ? "?" + string.Join('&', pairs) : "");
    }

    /// <summary>The log of one person's changes.</summary>
    public static string OfPerson(string? email) => (None with { Person = email }).Link(null);

    /// <summary>The log of one record's changes.</summary>
    public static string OfRecord(string entityType, string entityId) => (None with { Entity = entityType, Id = entityId }).Link(null);

    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ReadDate(string? text, string field, Dictionary<string, Phrase[]> errors)
    {
        if (Blank(text) is not { } value) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = [Phrase.Of("audit.filter.date.invalid", value)];
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
