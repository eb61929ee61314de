using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;

namespace DxTracker.Tests.Support;

/// <summary>One procedure as the oracle sees it: when it was created, its status now, its moves in the order they were
/// recorded, and its volumes by fiscal year.</summary>
public sealed record OracleProcedure(
    int DepartmentId,
    DateTime CreatedAtUtc,
    ProcedureStatus StatusNow,
    IReadOnlyList<(DateTime AtUtc, ProcedureStatus From, ProcedureStatus To)> Moves,
    IReadOnlyDictionary<int, (long? Total, long? Online)> Volumes);

/// <summary>A deliberately naive model of the progress board's figures, written from the definitions (DESIGN.md
/// "Progress board and metrics" and the rules documented on Metrics) without any of the product's code — no
/// <see cref="FiscalYear"/>, no <see cref="Metrics"/>: it replays each history move by move and counts with plain loops.
/// The tests compare the pure functions and the SQL path against it.</summary>
public static class MetricsOracle
{
    /// <summary>The first instant after fiscal year <paramref name="year"/>: April 1 of the next calendar year, 00:00 in Japan (UTC+9).</summary>
    public static DateTime EndOfYearUtc(int year) => new DateTimeOffset(year + 1, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)).UtcDateTime;

    /// <summary>The status the procedure had at the end of the fiscal year ("as of March 31"), or null when it was created at
    /// or after that instant. Replays the moves in time order (moves at the same instant in the order recorded) from the
    /// status it started with — the origin of its first move, or its status now when it never moved.</summary>
    public static ProcedureStatus? StatusAtEndOf(OracleProcedure p, int year)
    {
        var end = EndOfYearUtc(year);
        if (p.CreatedAtUtc >= end)
            return null;
        var moves = p.Moves.Select((m, i) => (m, i)).OrderBy(x => x.m.AtUtc).ThenBy(x => x.i).Select(x => x.m).ToList();
        if (moves.Count == 0)
            return p.StatusNow;
        var status = moves[0].From;
        foreach (var move in moves)
        {
            if (move.AtUtc >= end)
                break;
            status = move.To;
        }
        return status;
    }

    /// <summary>The year's volume; when the year has none with a known total, the nearest earlier year that has one.</summary>
    public static (long? Total, long? Online) VolumeOf(OracleProcedure p, int year)
    {
        for (var y = year; y >= 1900; y--)
        {
            if (p.Volumes.TryGetValue(y, out var v) && v.Total is not null)
                return v;
        }
        return (null, null);
    }

    /// <summary>The three metrics and the counts for the fiscal year, over the given procedures.</summary>
    public static MetricSet Figures(IEnumerable<OracleProcedure> procedures, int year)
    {
        long digitized = 0, notExempt = 0, volumeDigitized = 0, volumeNotExempt = 0, online = 0, onlineBase = 0;
        int unknown = 0, existing = 0, exempt = 0;
        foreach (var p in procedures)
        {
            var status = StatusAtEndOf(p, year);
            if (status is null)
                continue; // not created yet
            existing++;
            if (status == ProcedureStatus.Exempt)
            {
                exempt++; // out of every denominator
                continue;
            }
            notExempt++;
            if (status == ProcedureStatus.Digitized)
                digitized++;
            var (total, onlineCount) = VolumeOf(p, year);
            if (total is null)
            {
                unknown++; // in the count metric only
                continue;
            }
            volumeNotExempt += total.Value;
            if (status == ProcedureStatus.Digitized)
            {
                volumeDigitized += total.Value;
                if (onlineCount is not null)
                {
                    // The usage rate needs both counts: an unknown online count leaves the procedure out of it.
                    online += onlineCount.Value;
                    onlineBase += total.Value;
                }
            }
        }
        return new MetricSet(new Ratio(digitized, notExempt), new Ratio(volumeDigitized, volumeNotExempt), new Ratio(online, onlineBase), unknown, existing, exempt);
    }

    /// <summary>How many procedures moved into Digitized during the fiscal year.</summary>
    public static int DigitizedDuring(IEnumerable<OracleProcedure> procedures, int year) =>
        procedures.Count(p => p.Moves.Any(m => m.To == ProcedureStatus.Digitized && m.AtUtc >= EndOfYearUtc(year - 1) && m.AtUtc < EndOfYearUtc(year)));

    /// <summary>Random procedures with random walks through the workflow, their times drawn so that many land exactly on a
    /// fiscal year's first instant (creations and moves), some moves share an instant, and volumes are missing, partly
    /// unknown or unknown online.</summary>
    public static List<OracleProcedure> RandomHistories(Random random, int count, int firstYear, int lastYear, DateTime nowUtc, int[] departments)
    {
        var start = EndOfYearUtc(firstYear - 1);
        DateTime Instant(DateTime after)
        {
            var boundary = EndOfYearUtc(random.Next(firstYear, lastYear + 1) - 1);
            return random.Next(4) switch
            {
                0 when boundary >= after => boundary,
                1 => after,
                _ => after.AddMinutes(random.Next(1, 200 * 24 * 60)),
            };
        }
        var result = new List<OracleProcedure>();
        for (var i = 0; i < count; i++)
        {
            var createdAt = random.Next(5) == 0 ? EndOfYearUtc(random.Next(firstYear, lastYear) - 1) : start.AddMinutes(random.Next(0, (lastYear - firstYear) * 365 * 24 * 60));
            if (createdAt >= nowUtc)
                createdAt = start;
            var moves = new List<(DateTime, ProcedureStatus, ProcedureStatus)>();
            var status = ProcedureStatus.NotConsidered;
            var at = createdAt;
            for (var m = random.Next(0, 7); m > 0; m--)
            {
                var next = Instant(at);
                if (next >= nowUtc)
                    break;
                at = next;
                var targets = Workflow.AllowedTargets(status);
                var to = targets[random.Next(targets.Count)];
                moves.Add((at, status, to));
                status = to;
            }
            var volumes = new Dictionary<int, (long?, long?)>();
            for (var y = firstYear - 1; y <= lastYear; y++)
            {
                if (random.Next(3) != 0)
                    continue;
                long? total = random.Next(5) == 0 ? null : random.Next(0, 10_000);
                long? online = random.Next(3) == 0 ? null : random.Next(0, 100);
                volumes[y] = (total, total is { } t && online is { } o ? Math.Min(o, t) : online);
            }
            result.Add(new OracleProcedure(departments[random.Next(departments.Length)], createdAt, status, moves, volumes));
        }
        return result;
    }
}
