using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Support;

/// <summary>Procedures with hand-made or random histories, written through the domain (every move with what it needs).</summary>
public static class Histories
{
    /// <summary>Adds a procedure created at <paramref name="createdAt"/> that makes <paramref name="moves"/> (each with what the
    /// move needs; a move into ObjectionRaised raises an open objection), with its volumes. Returns its id.</summary>
    public static async Task<int> AddAsync(TestDatabase database, Actor dx, int department, string code, string name, DateTime createdAt,
        IEnumerable<(DateTime At, ProcedureStatus To)> moves, IEnumerable<(int Year, long? Total, long? Online)> volumes,
        ObjectionCategory? openObjection = null, bool synchronousSave = false)
    {
        await using var db = database.CreateDbContext();
        var p = Procedure.Create(department, new ProcedureFields { Code = code, Name = name }, dx, createdAt);
        foreach (var (year, total, online) in volumes)
            p.SetVolume(year, total, online, dx, createdAt);
        foreach (var (at, to) in moves)
        {
            p.MoveTo(to, dx, at, to switch
            {
                Digitized => new MoveDetails(OnlineFormUrl: "https://form.example.jp/" + code),
                Exempt => new MoveDetails(ExemptReason: "法令で対面が必要"),
                ObjectionRaised => new MoveDetails(Objection: new NewObjection(openObjection ?? ObjectionCategory.Other, "紙の原本が必要")),
                _ => null,
            });
        }
        db.Procedures.Add(p);
        if (synchronousSave)
            db.SaveChanges();
        else
            await db.SaveChangesAsync();
        return p.Id;
    }

    /// <summary>A random valid history between FY2021 and <paramref name="now"/>: a creation time, up to six workflow moves and
    /// volumes for some of FY2020–2026 (some unknown, online never above the total).</summary>
    public static (DateTime CreatedAt, List<(DateTime At, ProcedureStatus To)> Moves, List<(int Year, long? Total, long? Online)> Volumes) Random(Random random, DateTime now)
    {
        var createdAt = new DateTime(2021, 4, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 5 * 365 * 24 * 60));
        var moves = new List<(DateTime, ProcedureStatus)>();
        var status = NotConsidered;
        var at = createdAt;
        for (var m = random.Next(0, 7); m > 0; m--)
        {
            at = at.AddMinutes(random.Next(1, 200 * 24 * 60));
            if (at >= now)
                break;
            var targets = Workflow.AllowedTargets(status);
            status = targets[random.Next(targets.Count)];
            moves.Add((at, status));
        }
        var volumes = Enumerable.Range(2020, 7).Where(_ => random.Next(3) == 0)
            .Select(y => (y, random.Next(5) == 0 ? (long?)null : random.Next(0, 10_000), random.Next(3) == 0 ? (long?)null : random.Next(0, 100)))
            .Select(v => (v.y, v.Item2, v.Item2 is { } t ? Math.Min(v.Item3 ?? 0, t) : v.Item3))
            .ToList();
        return (createdAt, moves, volumes);
    }
}
