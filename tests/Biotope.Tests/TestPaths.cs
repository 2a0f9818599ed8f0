namespace Biotope.Tests;

/// <summary>Locates the repository and the shared data folder beside it, wherever the tests run from.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> _repoRoot = new(FindRepoRoot);
    private static readonly Lazy<string> _sharedDir = new(FindSharedDir);

    /// <summary>The folder containing Biotope.slnx.</summary>
    public static string RepoRoot => _repoRoot.Value;

    /// <summary>The shared folder (with data/ror-be) next to the repository, or above the test binaries.</summary>
    public static string SharedDir => _sharedDir.Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Biotope.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No folder containing Biotope.slnx above {AppContext.BaseDirectory}.");
    }

    private static string FindSharedDir()
    {
        var besideRepo = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        if (HasRorData(besideRepo)) return besideRepo;
        // Worktrees or copied builds may sit deeper; any ancestor holding shared/data/ror-be will do.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (HasRorData(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No shared/data/ror-be beside {RepoRoot} or above {AppContext.BaseDirectory}.");
    }

    private static bool HasRorData(string sharedDir) => Directory.Exists(Path.Combine(sharedDir, "data", "ror-be"));
}
