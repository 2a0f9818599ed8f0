using Microsoft.AspNetCore.Http.HttpResults;

namespace Biotope.Infrastructure;

public enum FailureKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    TooManyRequests,
    Unauthorized,
}

/// <summary>
/// A business-rule failure, returned as a value: phrases (keys and arguments), never sentences. Its <see cref="Code"/>
/// is the key of its detail (or title), stable for clients; <see cref="Problems"/> writes it as RFC 9457 problem details
/// in the request's language, and pages write it with <see cref="Texts.Say(Phrase)"/>.
/// </summary>
public sealed record Failure(FailureKind Kind, Phrase Title, Phrase? Detail = null, IReadOnlyDictionary<string, Phrase[]>? Errors = null)
{
    /// <summary>Extra members of the problem details (e.g. the deadline that was missed).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public string Code => (Detail ?? Title).Key;

    public static Failure Invalid(IReadOnlyDictionary<string, Phrase[]> errors) =>
        new(FailureKind.Invalid, Phrase.Of("problem.invalid"), Phrase.Of("problem.invalid.detail"), errors);

    public static Failure Invalid(string field, Phrase error) => Invalid(new Dictionary<string, Phrase[]> { [field] = [error] });

    public static Failure NotFound(Phrase detail) => new(FailureKind.NotFound, Phrase.Of("problem.not-found"), detail);

    public static Failure Forbidden(Phrase detail) => new(FailureKind.Forbidden, Phrase.Of("problem.forbidden"), detail);

    public static Failure Conflict(Phrase title, Phrase detail) => new(FailureKind.Conflict, title, detail);
}

/// <summary>Either a value or a <see cref="Failure"/>.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}

public static class Problems
{
    public static int StatusCode(FailureKind kind) => kind switch
    {
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        FailureKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        FailureKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Each field's messages written out in this language.</summary>
    public static Dictionary<string, string[]> Say(this Texts texts, IReadOnlyDictionary<string, Phrase[]>? errors) =>
        (errors ?? new Dictionary<string, Phrase[]>()).ToDictionary(e => e.Key, e => e.Value.Select(texts.Say).ToArray());

    /// <summary>The one place where failures become HTTP problem details: text in the request's language, codes for clients.</summary>
    public static ProblemHttpResult ToProblem(this Failure failure)
    {
        var texts = Texts.Current;
        var problem = failure.Errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(texts.Say(failure.Errors))
            : new Microsoft.AspNetCore.Mvc.ProblemDetails();
        problem.Status = StatusCode(failure.Kind);
        problem.Title = texts.Say(failure.Title);
        problem.Detail = failure.Detail is { } detail ? texts.Say(detail) : null;
        problem.Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{problem.Status}";
        problem.Extensions["code"] = failure.Code;
        if (failure.Errors is { Count: > 0 } errors)
            problem.Extensions["errorCodes"] = errors.ToDictionary(e => e.Key, e => e.Value.Select(p => p.Key).ToArray());
        foreach (var (key, value) in failure.Extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return TypedResults.Problem(problem);
    }
}
