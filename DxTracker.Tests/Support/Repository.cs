namespace DxTracker.Tests.Support;

/// <summary>Where this test assembly was built from: .../DxTracker.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/.</summary>
public static class Repository
{
    private static DirectoryInfo TestBin => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository's root folder (its sources, scripts and docs).</summary>
    public static string Root => TestBin.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The configuration the suite was built in (Debug or Release).</summary>
    public static string Configuration => TestBin.Parent!.Name;
}
