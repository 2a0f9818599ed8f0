namespace Biotope.Features.Platforms.Services;

/// <summary>Texts of the service catalogue and service request pages: English for coded keys, French for everything.</summary>
public static class ServiceTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
    };
}
