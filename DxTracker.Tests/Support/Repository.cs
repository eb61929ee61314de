namespace DxTracker.Tests.Support;

/// <summary>Where this test assembly was built from: .../DxTracker.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/.</summary>
public static class Repository
{
    private static DirectoryInfo TestBin => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository's root folder (its sources, scripts and docs).</summary>
    public static string Root => TestBin.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The App's .razor files (outside bin and obj), for checks that read the markup as written.</summary>
    public static IReadOnlyList<string> AppRazorFiles()
    {
        var app = Path.Combine(Root, "DxTracker.App");
        string[] built = [$"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"];
        return Directory.EnumerateFiles(app, "*.razor", SearchOption.AllDirectories)
            .Where(f => !built.Any(b => f.Contains(b, StringComparison.Ordinal))).ToList();
    }

    /// <summary>The configuration the suite was built in (Debug or Release).</summary>
    public static string Configuration => TestBin.Parent!.Name;
}
