using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Calendars;

/// <summary>What a new feed shows: the caller's own calendar, one instrument's bookings, or a whole platform's.</summary>
public sealed class CalendarFeedInput
{
    public CalendarScope? Scope { get; set; }
    public int? EquipmentId { get; set; }
    public int? PlatformId { get; set; }
    /// <summary>"fr" or "en": the language of the events; the request's language when left out.</summary>
    public string? Language { get; set; }
}

/// <summary>A feed as its owner sees it: never its token.</summary>
/// <param name="Target">The instrument's or the platform's name; null for a personal feed.</param>
public sealed record CalendarFeedDto(long Id, CalendarScope Scope, int? EquipmentId, int? PlatformId, string? Target, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A feed just created, with the one and only copy of its secret address.</summary>
public sealed record CreatedCalendarFeed(long Id, CalendarScope Scope, int? EquipmentId, int? PlatformId, string? Target, DateTimeOffset CreatedAt, string Language, string Url);

/// <summary>
/// Secret feed addresses (ADR 010): a token of 32 random bytes that only its owner ever sees, stored as its SHA-256,
/// revoked by a timestamp. Rights are checked again on every read, so a manager who leaves a platform loses its feeds.
/// </summary>
public sealed class CalendarFeeds(BiotopeDb db, TimeProvider clock, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals)
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    /// <summary>32 random bytes, base64url without padding: 43 characters safe in a URL path.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Url(string baseUrl, string token, string language) => $"{baseUrl}/calendars/{token}.ics?lang={language}";

    public async Task<Outcome<CreatedCalendarFeed>> CreateAsync(CalendarFeedInput input, ClaimsPrincipal user, string baseUrl, CancellationToken ct)
    {
        var errors = new FieldPhrases();
        var language = input.Language?.Trim().ToLowerInvariant() ?? Texts.Current.Language;
        if (!Languages.Contains(language)) errors.Add("language", "calendar.language.invalid");
        if (input.Scope is not { } scope)
        {
            errors.Add("scope", "calendar.scope.required");
            return errors.ToFailure()!;
        }
        if (scope == CalendarScope.Equipment && input.EquipmentId is null) errors.Add("equipmentId", "calendar.equipment.required");
        if (scope != CalendarScope.Equipment && input.EquipmentId is not null) errors.Add("equipmentId", "calendar.equipment.unexpected");
        if (scope == CalendarScope.Platform && input.PlatformId is null) errors.Add("platformId", "calendar.platform.required");
        if (scope != CalendarScope.Platform && input.PlatformId is not null) errors.Add("platformId", "calendar.platform.unexpected");
        if (errors.ToFailure() is { } invalid) return invalid;

        string? target = null;
        if (scope == CalendarScope.Equipment)
        {
            var equipment = await db.Equipment.AsNoTracking().Where(e => e.Id == input.EquipmentId).Select(e => new { e.Name, e.PlatformId }).SingleOrDefaultAsync(ct);
            if (equipment is null) return Failure.Invalid("equipmentId", Phrase.Of("calendar.equipment.unknown"));
            if (!await db.ManagesPlatformAsync(user, equipment.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("calendar.equipment.forbidden"));
            target = equipment.Name;
        }
        else if (scope == CalendarScope.Platform)
        {
            var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.PlatformId, ct);
            if (platform is null) return Failure.Invalid("platformId", Phrase.Of("calendar.platform.unknown"));
            if (!await db.ManagesPlatformAsync(user, platform.Id, ct)) return Failure.Forbidden(Phrase.Of("calendar.platform.forbidden"));
            target = Texts.Current.Pick(platform.NameFr, platform.NameEn);
        }

        var token = NewToken();
        var feed = new CalendarFeed { UserId = user.UserId()!, Scope = scope, EquipmentId = input.EquipmentId, PlatformId = input.PlatformId, TokenHash = Hash(token) };
        db.CalendarFeeds.Add(feed);
        await db.SaveChangesAsync(ct);
        return new CreatedCalendarFeed(feed.Id, scope, feed.EquipmentId, feed.PlatformId, target, feed.CreatedAt, language, Url(baseUrl, token, language));
    }

    /// <summary>The user's feeds, newest first, revoked ones included.</summary>
    public async Task<List<CalendarFeedDto>> MineAsync(string userId, CancellationToken ct) =>
        await DtosAsync(db.CalendarFeeds.Where(f => f.UserId == userId), ct);

    /// <summary>One feed, for its owner or staff; anyone else is told it does not exist.</summary>
    public async Task<Outcome<CalendarFeedDto>> GetAsync(long id, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.UserId();
        var staff = user.IsStaff();
        var feed = (await DtosAsync(db.CalendarFeeds.Where(f => f.Id == id && (staff || f.UserId == userId)), ct)).SingleOrDefault();
        return feed is null ? Failure.NotFound(Phrase.Of("calendar.feed.not-found", id)) : feed;
    }

    /// <summary>Revokes a feed (its owner or staff); revoking twice keeps the first time.</summary>
    public async Task<Outcome<CalendarFeedDto>> RevokeAsync(long id, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.UserId();
        var staff = user.IsStaff();
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.Id == id && (staff || f.UserId == userId), ct);
        if (feed is null) return Failure.NotFound(Phrase.Of("calendar.feed.not-found", id));
        if (feed.RevokedAt is null)
        {
            feed.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(id, user, ct);
    }

    /// <summary>The live feed behind a token: not revoked, and its owner still has the right to what it shows.</summary>
    public async Task<CalendarFeed?> FindLiveAsync(string token, CancellationToken ct)
    {
        // Anything but a well-formed token is not worth a database look-up.
        if (token.Length != 43 || !Base64Url.IsValid(token)) return null;
        var hash = Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct);
        if (feed is null) return null;
        if (feed.Scope == CalendarScope.User) return feed;
        var platformId = feed.Scope == CalendarScope.Platform
            ? feed.PlatformId
            : await db.Equipment.Where(e => e.Id == feed.EquipmentId).Select(e => (int?)e.PlatformId).SingleOrDefaultAsync(ct);
        if (platformId is null) return null;
        return await OwnerManagesAsync(feed.UserId, platformId.Value, ct) ? feed : null;
    }

    /// <summary>Whether the feed's owner manages the platform now, by the same rule as their requests (their roles as stored today).</summary>
    private async Task<bool> OwnerManagesAsync(string userId, int platformId, CancellationToken ct)
    {
        var owner = await users.FindByIdAsync(userId);
        if (owner is null) return false;
        var principal = await principals.CreateAsync(owner);
        return await db.ManagesPlatformAsync(principal, platformId, ct);
    }

    private async Task<List<CalendarFeedDto>> DtosAsync(IQueryable<CalendarFeed> feeds, CancellationToken ct)
    {
        var rows = await feeds.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Select(f => new
            {
                f.Id,
                f.Scope,
                f.EquipmentId,
                f.PlatformId,
                Equipment = db.Equipment.Where(e => e.Id == f.EquipmentId).Select(e => e.Name).FirstOrDefault(),
                PlatformFr = db.Platforms.Where(p => p.Id == f.PlatformId).Select(p => p.NameFr).FirstOrDefault(),
                PlatformEn = db.Platforms.Where(p => p.Id == f.PlatformId).Select(p => p.NameEn).FirstOrDefault(),
                f.CreatedAt,
                f.RevokedAt,
            })
            .ToListAsync(ct);
        return [.. rows.Select(f => new CalendarFeedDto(f.Id, f.Scope, f.EquipmentId, f.PlatformId,
            f.Scope switch
            {
                CalendarScope.Equipment => f.Equipment,
                CalendarScope.Platform => Texts.Current.Pick(f.PlatformFr, f.PlatformEn),
                _ => null,
            },
            f.CreatedAt, f.RevokedAt))];
    }
}
