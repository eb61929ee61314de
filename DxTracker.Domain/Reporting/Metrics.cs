using DxTracker.Domain.Procedures;

namespace DxTracker.Domain.Reporting;

/// <summary>A ratio kept as its parts, so a report can show both and an empty denominator is visible.</summary>
public readonly record struct Ratio(long Numerator, long Denominator)
{
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;
}

/// <summary>One procedure as the metrics see it: its status at the moment in question and that year's volume (null = unknown).</summary>
public sealed record ProcedureFacts(ProcedureStatus Status, long? Total, long? Online);

/// <summary>The three official metrics (docs/DOMAIN.md#the-three-metrics), side by side.</summary>
public sealed record MetricSet(Ratio ShareByCount, Ratio ShareByVolume, Ratio UsageRate, int UnknownVolumeCount, int ProcedureCount, int ExemptCount);

/// <summary>Pure functions for the metrics and for reconstructing past states from the history (docs/DOMAIN.md#the-march-31-reconstruction).</summary>
public static class Metrics
{
    /// <summary>
    /// 種類数ベース: Digitized ÷ (all − Exempt). 件数ベース: applications to Digitized ÷ applications to all non-Exempt.
    /// オンライン利用率: online ÷ all applications, over Digitized procedures. A procedure with unknown volume counts in the
    /// count metric only (and is counted in <see cref="MetricSet.UnknownVolumeCount"/>).
    /// </summary>
    public static MetricSet Compute(IEnumerable<ProcedureFacts> procedures)
    {
        long digitized = 0, nonExempt = 0, volDigitized = 0, volAll = 0, online = 0, onlineBase = 0;
        int unknown = 0, count = 0, exempt = 0;
        foreach (var p in procedures)
        {
            count++;
            if (p.Status == ProcedureStatus.Exempt)
            {
                exempt++;
                continue;
            }
            nonExempt++;
            var isDigitized = p.Status == ProcedureStatus.Digitized;
            if (isDigitized)
                digitized++;
            // Nullable values read with .Value, not by pattern: a pattern's variable would leave Stryker's mutants of the
            // condition uncompilable (unassigned local), so they would go untested.
            if (p.Total is null)
            {
                unknown++;
                continue;
            }
            var total = p.Total.Value;
            volAll += total;
            if (!isDigitized)
                continue;
            volDigitized += total;
            if (p.Online is not null)
            {
                online += p.Online.Value;
                onlineBase += total;
            }
        }
        return new MetricSet(new Ratio(digitized, nonExempt), new Ratio(volDigitized, volAll), new Ratio(online, onlineBase), unknown, count, exempt);
    }

    /// <summary>
    /// The status a procedure had at <paramref name="asOfUtc"/> (exclusive), from its history: the target of the last move
    /// before that instant; before any move, the origin of the first move; with no history, its current status.
    /// Null when the procedure did not exist yet.
    /// </summary>
    public static ProcedureStatus? StatusAsOf(DateTime createdAtUtc, ProcedureStatus current, IEnumerable<(DateTime AtUtc, ProcedureStatus From, ProcedureStatus To)> history, DateTime asOfUtc)
    {
        if (createdAtUtc >= asOfUtc)
            return null;
        (DateTime AtUtc, ProcedureStatus From, ProcedureStatus To)? lastBefore = null, firstAfter = null;
        foreach (var change in history)
        {
            if (change.AtUtc < asOfUtc)
            {
                if (lastBefore is null || change.AtUtc >= lastBefore.Value.AtUtc)
                    lastBefore = change;
            }
            else if (firstAfter is null || change.AtUtc < firstAfter.Value.AtUtc)
            {
                firstAfter = change;
            }
        }
        return lastBefore?.To ?? firstAfter?.From ?? current;
    }

    /// <summary>The volume for a fiscal year: that year's, else the latest known before it. Unknown (null, null) when none.</summary>
    public static (long? Total, long? Online) VolumeFor(int fiscalYear, IEnumerable<(int FiscalYear, long? Total, long? Online)> volumes)
    {
        (int FiscalYear, long? Total, long? Online)? best = null;
        foreach (var v in volumes)
        {
            if (v.FiscalYear <= fiscalYear && v.Total is not null && (best is null || v.FiscalYear > best.Value.FiscalYear))
                best = v;
        }
        return best is { } b ? (b.Total, b.Online) : (null, null);
    }
}
