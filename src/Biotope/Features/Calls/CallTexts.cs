namespace Biotope.Features.Calls;

/// <summary>French for the calls, proposals and evaluation pages (English is the key).</summary>
public static class CallTexts
{
    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
    };
}
