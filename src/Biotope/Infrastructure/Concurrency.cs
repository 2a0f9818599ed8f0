using System.Globalization;
using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Infrastructure;

/// <summary>Optimistic concurrency for versioned rows: If-Match or a version field, then the database's own check.</summary>
public static class Concurrency
{
    /// <summary>Null when the caller read the current version; otherwise the failure to return (412, 409, 428, 400).</summary>
    public static Failure? Check(int current, string? ifMatch, int? bodyVersion)
    {
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!TryParseIfMatch(ifMatch, out var expected)) return BadIfMatch;
            return expected == current ? null
                : new Failure(FailureKind.PreconditionFailed, Phrase.Of("concurrency.changed.title"), Phrase.Of("concurrency.changed", expected, current));
        }
        if (bodyVersion is null)
            return new Failure(FailureKind.PreconditionRequired, Phrase.Of("concurrency.version-required.title"), Phrase.Of("concurrency.version-required"));
        return bodyVersion == current ? null
            : new Failure(FailureKind.Conflict, Phrase.Of("concurrency.changed.title"), Phrase.Of("concurrency.changed", bodyVersion, current));
    }

    public static readonly Failure BadIfMatch = Failure.Invalid("If-Match", Phrase.Of("concurrency.if-match.unreadable"));

    /// <summary>Reads "3" or W/"3"; no header is a valid "no check requested" (null).</summary>
    public static bool TryParseIfMatch(string? header, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(header)) return true;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        if (!int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        version = parsed;
        return true;
    }

    /// <summary>Saves; a concurrent write between our read and this save becomes a 409, never a silent overwrite.</summary>
    public static async Task<Failure?> SaveAsync(BiotopeDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Failure(FailureKind.Conflict, Phrase.Of("concurrency.changed.title"), Phrase.Of("concurrency.changed-while-saving"));
        }
    }
}
