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

    /// <summary>For an architecture test over the App's markup: what <paramref name="offending"/> finds in each .razor file, as
    /// "file: tag". Fails when <paramref name="tag"/> matches fewer than <paramref name="atLeast"/> times in all (the folder
    /// would be wrong, and the check would pass on nothing).</summary>
    public static IReadOnlyList<string> OffendingMarkup(System.Text.RegularExpressions.Regex tag, Func<string, IEnumerable<string>> offending, int atLeast)
    {
        var app = Path.Combine(Root, "DxTracker.App");
        var files = AppRazorFiles().Select(f => (File: f, Text: File.ReadAllText(f))).ToList();
        var found = files.Sum(f => tag.Matches(f.Text).Count);
        Assert.True(found >= atLeast, $"only {found} matches of {tag} found under {app}: is the folder right?");
        return files.SelectMany(f => offending(f.Text).Select(t => $"{Path.GetRelativePath(app, f.File)}: {t}")).ToList();
    }

    /// <summary>The configuration the suite was built in (Debug or Release).</summary>
    public static string Configuration => TestBin.Parent!.Name;
}
