using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts.Tokens;

/// <summary>What a new personal token is: a name, a scope and how many days it lives (90 unless told, at most 366).</summary>
public sealed class PersonalTokenInput
{
    public string? Name { get; set; }
    public TokenScope? Scope { get; set; }
    public int? ExpiresInDays { get; set; }
}

/// <summary>A token as its owner sees it: never its secret.</summary>
public sealed record PersonalTokenDto(long Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A token just made, with the one and only copy of its value.</summary>
public sealed record CreatedPersonalToken(long Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string Token);

/// <summary>Personal API tokens (ADR 018): made, listed and revoked by their owner; checked by <see cref="PersonalTokenHandler"/>.</summary>
public sealed class PersonalTokens(BiotopeDb db, TimeProvider clock)
{
    public const string Prefix = "bio_";
    public const int NameLength = 100;
    public const int DefaultDays = 90;
    public const int MaxDays = 366;
    /// <summary>Last use is written at most this often: a busy script does not write on every request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>"bio_{id}_{secret}" → id and secret; null for anything else.</summary>
    public static (long Id, string Secret)? Parse(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = token.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || !long.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        var secret = rest[(separator + 1)..].ToString();
        return secret.Length == 43 && Base64Url.IsValid(secret) ? (id, secret) : null;
    }

    public async Task<Outcome<CreatedPersonalToken>> CreateAsync(string userId, PersonalTokenInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, Phrase[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = [Phrase.Of("token.name.required")];
        else if (name.Length > NameLength) errors["name"] = [Phrase.Of("token.name.too-long", NameLength)];
        if (input.Scope is not TokenScope.Read and not TokenScope.Write) errors["scope"] = [Phrase.Of("token.scope.required")];
        var days = input.ExpiresInDays ?? DefaultDays;
        if (days is < 1 or > MaxDays) errors["expiresInDays"] = [Phrase.Of("token.expiry.range", 1, MaxDays)];
        if (errors.Count > 0) return Failure.Invalid(errors);

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var token = new PersonalToken { UserId = userId, Name = name, Scope = input.Scope!.Value, TokenHash = Hash(secret), ExpiresAt = now.AddDays(days) };
        db.PersonalTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedPersonalToken(token.Id, token.Name, token.Scope, token.CreatedAt, token.ExpiresAt, $"{Prefix}{token.Id.ToString(CultureInfo.InvariantCulture)}_{secret}");
    }

    /// <summary>The person's tokens, newest first; revoked ones only when asked.</summary>
    public async Task<List<PersonalTokenDto>> MineAsync(string userId, bool withRevoked, CancellationToken ct) =>
        await db.PersonalTokens.AsNoTracking().Where(t => t.UserId == userId && (withRevoked || t.RevokedAt == null))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new PersonalTokenDto(t.Id, t.Name, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Revokes one of the person's tokens; revoking twice keeps the first time. Someone else's token does not exist.</summary>
    public async Task<Outcome<PersonalTokenDto>> RevokeAsync(string userId, long id, CancellationToken ct)
    {
        var token = await db.PersonalTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return Failure.NotFound(Phrase.Of("token.not-found", id));
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return new PersonalTokenDto(token.Id, token.Name, token.Scope, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt);
    }

    /// <summary>Why a presented token does not open the API, or its row when it does (the owner's state is checked by the caller).</summary>
    public async Task<(PersonalToken? Token, string? Refusal)> CheckAsync(string presented, CancellationToken ct)
    {
        if (Parse(presented) is not var (id, secret)) return (null, "token.invalid");
        var token = await db.PersonalTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token.TokenHash), Encoding.ASCII.GetBytes(Hash(secret))))
            return (null, "token.invalid");
        if (token.RevokedAt is not null) return (null, "token.revoked");
        var now = clock.GetUtcNow();
        if (token.ExpiresAt <= now) return (null, "token.expired");
        if (token.LastUsedAt is not { } last || now - last >= LastUseResolution)
        {
            // Straight to the table: a use is not a change worth an audit entry.
            await db.PersonalTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return (token, null);
    }
}
