namespace Biotope.Features.Platforms.Training;

/// <summary>Texts of the training catalogue, sessions and certificates pages: English for coded keys, French for everything.</summary>
public static class TrainingTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
    };
}
