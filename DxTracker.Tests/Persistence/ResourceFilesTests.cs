using System.Xml.Linq;

namespace DxTracker.Tests.Persistence;

/// <summary>The UI words live in <c>Resources/*.tsv</c> (name, Japanese, English); <c>scripts/resx.py</c> writes the .resx pair
/// the app reads. A .resx edited by hand, or a .tsv changed without re-running the script, fails here.</summary>
public sealed class ResourceFilesTests
{
    private static readonly string Root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.FullName;

    public static TheoryData<string> TsvFiles()
    {
        var data = new TheoryData<string>();
        foreach (var project in new[] { "DxTracker.App", "DxTracker.Domain" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, project), "*.tsv", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                         .Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Root, file));
        return data;
    }

    /// <summary>The rows of a .tsv as resx.py reads them: blank lines and # comments skipped, name TAB ja TAB en.</summary>
    private static List<(string Name, string Ja, string En)> Rows(string tsv) =>
        File.ReadAllLines(tsv)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => p.Length == 3 ? (p[0], p[1], p[2]) : throw new InvalidDataException($"{tsv}: expected name<TAB>ja<TAB>en in \"{string.Join("\t", p)}\""))
            .ToList();

    private static List<(string Name, string Value)> Data(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => ((string)d.Attribute("name")!, (string)d.Element("value")!)).ToList();

    [Theory]
    [MemberData(nameof(TsvFiles))]
    public void Each_resx_pair_holds_exactly_the_words_of_its_tsv(string tsv)
    {
        var rows = Rows(Path.Combine(Root, tsv));
        var stem = Path.Combine(Root, Path.ChangeExtension(tsv, null));
        Assert.Equal(rows.Select(r => (r.Name, r.Ja)), Data(stem + ".resx"));
        Assert.Equal(rows.Select(r => (r.Name, r.En)), Data(stem + ".en.resx"));
    }

    [Fact]
    public void Every_resx_has_its_tsv()
    {
        var tsvStems = TsvFiles().Select(t => Path.ChangeExtension((string)t.Data, null)).ToHashSet();
        var resx = new[] { "DxTracker.App", "DxTracker.Domain" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, p), "*.resx", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => Path.GetRelativePath(Root, f))
            .Select(f => f.EndsWith(".en.resx", StringComparison.Ordinal) ? f[..^".en.resx".Length] : f[..^".resx".Length])
            .ToList();
        Assert.NotEmpty(resx);
        Assert.All(resx, stem => Assert.Contains(stem, tsvStems));
    }
}
