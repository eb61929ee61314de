using DxTracker.Tests.Support;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(LongestFirstCollectionOrderer))]

namespace DxTracker.Tests.Support;

/// <summary>Starts the longest test collections first, then the others by name. xunit's default order is random on each
/// run, and on this 2-core machine (two collections at a time) a long collection drawn late ran alone at the end: the
/// SQLite pass took 15 to 17 minutes depending on the draw.</summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <summary>By how long they take in a CI run, longest first: the serial end-to-end tests (about 9 minutes in the SQLite
    /// pass), the process tests (3–4), the axe matrix (about 3, since it runs axe once per page), the release check's publish
    /// (1–2) and the bench runs (about 1). Matched as part of the collection's display name: a named collection's name, or the
    /// class name of a class's own collection.</summary>
    private static readonly string[] Longest = [AppCollection.Name, Processes.ProcessCollection.Name, AccessibilityCollection.Name, "ReleaseCheckTests", "BenchCommandTests"];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        testCollections.OrderBy(c => Rank(c.TestCollectionDisplayName)).ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal).ToList();

    private static int Rank(string displayName)
    {
        var rank = Array.FindIndex(Longest, name => displayName == name || displayName.EndsWith("." + name, StringComparison.Ordinal)
            || displayName.Contains("." + name + " ", StringComparison.Ordinal));
        return rank < 0 ? Longest.Length : rank;
    }
}
