using System.Globalization;
using Biotope.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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

    /// <summary>Null when <paramref name="read"/> is the current version (see <see cref="ReadVersion"/>).</summary>
    public static Failure? Check(int current, ReadVersion read) => Check(current, read.IfMatch, read.Field);

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

    /// <summary>
    /// Saves; a concurrent write between our read and this save becomes a 409, never a silent overwrite, and so does a row
    /// another request inserted first under the same unique key (two simultaneous first writes: one wins, the other is told).
    /// </summary>
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
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            return Duplicate;
        }
    }

    /// <summary>The answer to an insert that lost the race for a unique key (also given by <see cref="UniqueViolationHandler"/> to a save that did not use <see cref="SaveAsync"/>).</summary>
    public static readonly Failure Duplicate = Failure.Conflict(Phrase.Of("conflict.duplicate.title"), Phrase.Of("conflict.duplicate"));

    /// <summary>The database refused a row because another holds the same unique key (SQLite 19/2067 or 1555, PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}

/// <summary>
/// The version a writer read, as it came: the API's If-Match header (stale: 412) or a form's or body's version field
/// (stale: 409). Neither is a 428: every update says which version it changes (ADR 024).
/// </summary>
public readonly record struct ReadVersion(string? IfMatch, int? Field)
{
    public static ReadVersion Header(string? ifMatch) => new(ifMatch, null);

    public static ReadVersion Of(int? version) => new(null, version);
}

/// <summary>
/// The backstop: an API save that lost a unique-key race without going through <see cref="Concurrency.SaveAsync"/> is a 409
/// <c>conflict.duplicate</c>, never a 500.
/// </summary>
public sealed class UniqueViolationHandler : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!Concurrency.IsUniqueViolation(exception) || !WebSetup.IsApi(context.Request)) return false;
        await Concurrency.Duplicate.ToProblem().ExecuteAsync(context);
        return true;
    }
}
