namespace Biotope.Tests;

/// <summary>Where the repository and the shared data folder beside it are, wherever the tests run from.</summary>
public static class TestPaths
{
    /// <summary>The folder containing Biotope.slnx, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder next to the repository (real-world data sets).</summary>
    public static string SharedDir { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Biotope.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Biotope.slnx not found above {AppContext.BaseDirectory}");
    }
}
