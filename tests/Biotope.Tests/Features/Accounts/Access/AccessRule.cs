namespace Biotope.Tests.Features.Accounts.Access;

/// <summary>The nine columns of the access matrix: one person per role (see <see cref="AccessWorld"/> for who they are).</summary>
public enum Role { Visitor, Member, MemberAdmin, InvitedPartner, Expert, PlatformManager, Trainer, Staff, Administrator }

/// <summary>What one cell expects: allowed (any answer but a refusal), or one refusal.</summary>
public enum Expect
{
    /// <summary>Any answer other than a refusal (401, 403, sign-in or access-denied redirect, and 404 where the rule hides), and never a 5xx.</summary>
    Allowed,
    /// <summary>Refused: 401 for the API, a redirect to the sign-in page for a page.</summary>
    SignIn,
    /// <summary>Refused: 403 for the API, the access-denied page (redirect or 403) for a page.</summary>
    Forbidden,
    /// <summary>Refused without saying the thing exists: exactly 404.</summary>
    NotFound,
}

/// <summary>
/// Who may call an operation or open a page: the roles allowed, how the others are refused (a visitor is always sent to
/// sign in), and per-role exceptions. The expected answer of every cell follows from it.
/// </summary>
public sealed record AccessRule(string Name, IReadOnlySet<Role> Allowed, Expect Refusal = Expect.Forbidden, IReadOnlyDictionary<Role, Expect>? Overrides = null)
{
    private static readonly Role[] Everyone = Enum.GetValues<Role>();

    public static readonly AccessRule Public = new("public", Everyone.ToHashSet());
    public static readonly AccessRule SignedIn = new("signed-in", Everyone.Where(r => r != Role.Visitor).ToHashSet());
    public static readonly AccessRule StaffOnly = new("staff", new HashSet<Role> { Role.Staff, Role.Administrator });
    public static readonly AccessRule AdminOnly = new("admin", new HashSet<Role> { Role.Administrator });

    /// <summary>A rule naming who may: <paramref name="roles"/>, the others refused with 403 (401 for a visitor).</summary>
    public static AccessRule Of(string name, params Role[] roles) => new(name, roles.ToHashSet());

    /// <summary>
    /// The same rule, refused with 404 instead of 403 (the resource's existence must not leak), except to
    /// <paramref name="knowing"/>: roles that may see the resource and are refused only this action (403).
    /// </summary>
    public AccessRule Hidden(params Role[] knowing)
    {
        var rule = this with { Refusal = Expect.NotFound };
        foreach (var role in knowing.Where(r => !Allowed.Contains(r))) rule = rule.But(role, Expect.Forbidden);
        return rule;
    }

    /// <summary>The same rule with one cell that differs (say why in a comment on the row).</summary>
    public AccessRule But(Role role, Expect expect) =>
        this with { Overrides = new Dictionary<Role, Expect>(Overrides ?? new Dictionary<Role, Expect>()) { [role] = expect } };

    public Expect For(Role role) =>
        Overrides is not null && Overrides.TryGetValue(role, out var overridden) ? overridden
        : Allowed.Contains(role) ? Expect.Allowed
        : role == Role.Visitor ? Expect.SignIn
        : Refusal;
}

/// <summary>
/// One row of the matrix: "METHOD /path" exactly as the OpenAPI document spells it, or "PAGE /route" as the page's route;
/// its rule; and, for a write, the body to send when the one made from the schema would not do.
/// <paramref name="Phase"/> (pages 0, API 1 unless said) orders the calls so that a write that changes what later cells need runs after them.
/// </summary>
/// <paramref name="Body"/> is JSON text, which may name the world's ids as $key ("$organizations"), or an object to serialize; <paramref name="Id"/> names another resource
/// of the world for the route's {id} (e.g. "decidedProposal" for what only a decided proposal has).
public sealed record AccessRow(string Key, AccessRule Rule, object? Body = null, int? Phase = null, string? Id = null)
{
    public bool IsPage => Key.StartsWith("PAGE ", StringComparison.Ordinal);
    public string Method => Key.Split(' ')[0];
    public string Path => Key[(Key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    /// <summary>Pages first (0), then the API's reads and writes (1), unless the row says otherwise.</summary>
    public int Order => Phase ?? (IsPage ? 0 : 1);
}
