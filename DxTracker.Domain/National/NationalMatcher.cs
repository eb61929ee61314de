namespace DxTracker.Domain.National;

/// <summary>One likely national counterpart of a procedure, best first.</summary>
public sealed record NationalMatch(int CatalogueId, string NationalId, string Name, string LawName, bool IsOnline, long? TotalCount, double Score);

/// <summary>
/// Ranks catalogue entries as likely counterparts of a procedure by its name and legal basis. Japanese names have no
/// spaces, so names are compared as sets of character bigrams: how much of the procedure's name the entry covers,
/// and how alike the two are overall; the same law adds weight (a 施行規則 counts as its law). Among near-equals the
/// procedure more residents file nationally comes first. The catalogue is small (a few thousand rows), so it is held
/// in memory with a bigram index.
/// </summary>
public sealed class NationalMatcher
{
    private const double MinimumScore = 0.25;
    private readonly IReadOnlyList<Entry> _entries;
    private readonly Dictionary<string, List<int>> _index = [];

    private sealed record Entry(NationalProcedure Row, HashSet<string> Bigrams, string BaseLaw);

    public NationalMatcher(IEnumerable<NationalProcedure> catalogue)
    {
        _entries = catalogue.Select(r => new Entry(r, Bigrams(r.Name), BaseLaw(r.LawName))).ToList();
        for (var i = 0; i < _entries.Count; i++)
        {
            foreach (var bigram in _entries[i].Bigrams)
            {
                if (!_index.TryGetValue(bigram, out var list))
                    _index[bigram] = list = [];
                list.Add(i);
            }
        }
    }

    public IReadOnlyList<NationalMatch> Suggest(string name, string? lawName, int take = 5)
    {
        var query = Bigrams(name);
        if (query.Count == 0)
            return [];
        var shared = new Dictionary<int, int>();
        foreach (var bigram in query)
        {
            if (!_index.TryGetValue(bigram, out var hits))
                continue;
            foreach (var i in hits)
                shared[i] = shared.GetValueOrDefault(i) + 1;
        }
        var law = BaseLaw(lawName);
        return shared
            .Select(kv =>
            {
                var entry = _entries[kv.Key];
                var coverage = (double)kv.Value / query.Count;
                var dice = 2.0 * kv.Value / (query.Count + entry.Bigrams.Count);
                var lawScore = law.Length == 0 ? 0 : entry.BaseLaw == law ? 1 : 0;
                var volume = Math.Log10(1 + (entry.Row.TotalCount ?? 0)) / 100; // at most ~0.09: a tie-breaker
                return (entry.Row, Score: 0.5 * coverage + 0.3 * dice + 0.2 * lawScore + volume);
            })
            .Where(x => x.Score >= MinimumScore)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Row.NationalId, StringComparer.Ordinal)
            .Take(take)
            .Select(x => new NationalMatch(x.Row.Id, x.Row.NationalId, x.Row.Name, x.Row.LawName, x.Row.IsOnline, x.Row.TotalCount, Math.Round(x.Score, 3)))
            .ToList();
    }

    private static HashSet<string> Bigrams(string? text)
    {
        var s = Normalise(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < s.Length; i++)
            set.Add(s.Substring(i, 2));
        if (s.Length == 1)
            set.Add(s);
        return set;
    }

    /// <summary>Full-width/half-width folded, brackets and punctuation dropped: （転入等） and (転入等) compare equal.</summary>
    private static string Normalise(string? text) =>
        new((text ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Where(c => char.IsLetterOrDigit(c))
            .ToArray());

    /// <summary>The law a regulation belongs to: 児童手当法施行規則 → 児童手当法.</summary>
    private static string BaseLaw(string? lawName)
    {
        var law = Normalise(lawName);
        foreach (var suffix in new[] { "施行規則", "施行令", "施行細則", "施行法" })
        {
            if (law.EndsWith(suffix, StringComparison.Ordinal))
                return law[..^suffix.Length];
        }
        return law;
    }
}
