namespace Biotope.Tests;

/// <summary>Well-known folders for tests: the repository root and the shared folder beside it.</summary>
public static class TestPaths
{
    /// <summary>The folder containing Biotope.slnx, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The project's shared folder, a sibling of the repository root.</summary>
    public static string SharedDir { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Biotope.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find Biotope.slnx in any parent folder of {AppContext.BaseDirectory}.");
    }
}
