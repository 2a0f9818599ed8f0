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
}

/// <summary>A business-rule failure, returned as a value; <see cref="Problems"/> turns it into RFC 9457 problem details.</summary>
public sealed record Failure(FailureKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>Extra members of the problem details (e.g. the deadline that was missed).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, "One or more fields are invalid.", "See 'errors' for a message per field.", errors);

    public static Failure NotFound(string what) => new(FailureKind.NotFound, "Not found", $"{what} does not exist.");

    public static Failure Forbidden(string detail) => new(FailureKind.Forbidden, "Forbidden", detail);
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
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The one place where failures become HTTP problem details.</summary>
    public static ProblemHttpResult ToProblem(this Failure failure)
    {
        var problem = failure.Errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(failure.Errors.ToDictionary(e => e.Key, e => e.Value))
            : new Microsoft.AspNetCore.Mvc.ProblemDetails();
        problem.Status = StatusCode(failure.Kind);
        problem.Title = failure.Title;
        problem.Detail = failure.Detail;
        problem.Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{problem.Status}";
        foreach (var (key, value) in failure.Extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return TypedResults.Problem(problem);
    }
}
