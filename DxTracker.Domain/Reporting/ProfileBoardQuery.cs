using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Reporting;

/// <summary>The profile's figures of one unit now, over its non-exempt procedures (docs/DOMAIN.md#procedure-profile).</summary>
/// <param name="TeleworkPossible">在宅勤務 可 ÷ the procedures with an answer (unanswered ones are counted apart, not as 不可).</param>
/// <param name="Digitized">電子化済 procedures: the denominator of the three digital-divide shares.</param>
public sealed record ProfileFigures(
    Ratio TeleworkPossible, int TeleworkPartly, int TeleworkNotPossible, int TeleworkUnanswered,
    int Digitized, int WithCounterTablet, int WithSmartphoneClass, int WithTranslation)
{
    public static ProfileFigures Empty { get; } = new(default, 0, 0, 0, 0, 0, 0, 0);

    public Ratio CounterTablet => new(WithCounterTablet, Digitized);
    public Ratio SmartphoneClass => new(WithSmartphoneClass, Digitized);
    public Ratio Translation => new(WithTranslation, Digitized);

    public ProfileFigures Plus(ProfileFigures o) => new(
        new Ratio(TeleworkPossible.Numerator + o.TeleworkPossible.Numerator, TeleworkPossible.Denominator + o.TeleworkPossible.Denominator),
        TeleworkPartly + o.TeleworkPartly, TeleworkNotPossible + o.TeleworkNotPossible, TeleworkUnanswered + o.TeleworkUnanswered,
        Digitized + o.Digitized, WithCounterTablet + o.WithCounterTablet, WithSmartphoneClass + o.WithSmartphoneClass, WithTranslation + o.WithTranslation);

    public static ProfileFigures Sum(IEnumerable<ProfileFigures> figures) => figures.Aggregate(Empty, (sum, f) => sum.Plus(f));
}

public sealed record ProfileDepartment(int Id, string Name, ProfileFigures Figures);

public sealed record ProfileDivision(int Id, string Name, ProfileFigures Figures, IReadOnlyList<ProfileDepartment> Departments);

/// <summary>The non-exempt procedures a resident meets at one life event, and how many of them are online (電子化済).</summary>
public sealed record LifeEventFigures(LifeEvents Event, Ratio Online);

/// <summary>One barrier to putting a procedure not yet online: its 対面要件 (<paramref name="Objection"/> null) or one of its open
/// objections (its category), with the rule behind it and the procedure's open objections.</summary>
public sealed record Barrier(int ProcedureId, string Code, string Name, string DepartmentName, InPersonRequirement Source,
    ObjectionCategory? Objection, int OpenObjections);

/// <summary>One list of barriers: how many 対面要件 and open objections are in it, and the first of them (procedures with the
/// most open objections first).</summary>
public sealed record BarrierList(int InPersonCount, int ObjectionCount, IReadOnlyList<Barrier> Top)
{
    public int Count => InPersonCount + ObjectionCount;
}

/// <summary>The board's view of the procedures' profile: telework per unit with the reasons, the BPR checklist's rates, life
/// events, the digital-divide support of online procedures, and who can remove an in-person requirement.</summary>
/// <param name="SealAbolished">押印 廃止済 ÷ (必要 + 廃止済): of the procedures that asked for a seal, how many no longer do.</param>
/// <param name="AttachmentsAbolished">廃止した添付書類数 ÷ (添付書類数 + 廃止した添付書類数), over procedures with a count.</param>
/// <param name="WardCanChange">対面要件 and open objections from the ward's own 条例 / 規則・要綱 / 慣行: the ward can change them.</param>
/// <param name="NationalLaw">対面要件 and open objections from 法律・政令: a request to the national government.</param>
/// <param name="ObjectionsWithoutSource">Open objections of procedures not yet online whose rule is not recorded: in neither list.</param>
public sealed record ProfileBoard(
    ProfileFigures Total,
    IReadOnlyList<ProfileDivision> Divisions,
    IReadOnlyList<(TeleworkBarriers Reason, int Count)> TeleworkReasons,
    Ratio SealAbolished,
    Ratio AttachmentsAbolished,
    IReadOnlyList<LifeEventFigures> LifeEvents,
    BarrierList WardCanChange,
    BarrierList NationalLaw,
    int ObjectionsWithoutSource);

/// <summary>Reads the <see cref="ProfileBoard"/>: every figure aggregated in the database (a row per department and answer at
/// most comes back), never by loading the procedures. The profile has no history, so the figures are today's.</summary>
public sealed class ProfileBoardQuery(IDbContextFactory<DxDbContext> dbFactory)
{
    public const int BarrierListSize = 10;

    public async Task<ProfileBoard> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = db.Procedures.AsNoTracking().Where(p => p.Status != ProcedureStatus.Exempt);

        var units = await live
            .GroupBy(p => new { p.DepartmentId, p.Telework, Digitized = p.Status == ProcedureStatus.Digitized, p.CounterTablet, p.SmartphoneClass, p.Translation })
            .Select(g => new { g.Key.DepartmentId, g.Key.Telework, g.Key.Digitized, g.Key.CounterTablet, g.Key.SmartphoneClass, g.Key.Translation, Count = g.Count() })
            .ToListAsync(ct);
        var byDepartment = units.GroupBy(u => u.DepartmentId).ToDictionary(g => g.Key, g =>
        {
            var answered = g.Where(u => u.Telework != null).Sum(u => u.Count);
            var digitized = g.Where(u => u.Digitized).ToList();
            return new ProfileFigures(
                new Ratio(g.Where(u => u.Telework == Telework.Possible).Sum(u => u.Count), answered),
                g.Where(u => u.Telework == Telework.Partly).Sum(u => u.Count),
                g.Where(u => u.Telework == Telework.NotPossible).Sum(u => u.Count),
                g.Where(u => u.Telework == null).Sum(u => u.Count),
                digitized.Sum(u => u.Count),
                digitized.Where(u => u.CounterTablet).Sum(u => u.Count),
                digitized.Where(u => u.SmartphoneClass).Sum(u => u.Count),
                digitized.Where(u => u.Translation).Sum(u => u.Count));
        });
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Name, d.DivisionId }).ToListAsync(ct);
        var divisions = (await db.Divisions.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
                .Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Select(division =>
            {
                var rows = departments.Where(d => d.DivisionId == division.Id)
                    .Select(d => new ProfileDepartment(d.Id, d.Name, byDepartment.GetValueOrDefault(d.Id, ProfileFigures.Empty))).ToList();
                return new ProfileDivision(division.Id, division.Name, ProfileFigures.Sum(rows.Select(r => r.Figures)), rows);
            })
            .ToList();

        var reasonSets = await live
            .Where(p => p.Telework == Telework.Partly || p.Telework == Telework.NotPossible)
            .GroupBy(p => p.TeleworkBarriers).Select(g => new { Barriers = g.Key, Count = g.Count() }).ToListAsync(ct);
        var reasons = Profile.Flags((TeleworkBarriers)~0)
            .Select(r => (r, reasonSets.Where(s => s.Barriers.HasFlag(r)).Sum(s => s.Count)))
            .ToList();

        var seals = await live.Where(p => p.Seal == SealRequirement.Required || p.Seal == SealRequirement.Abolished)
            .GroupBy(p => p.Seal).Select(g => new { Seal = g.Key, Count = g.Count() }).ToListAsync(ct);
        var counted = live.Where(p => p.AttachmentCount != null);
        var attachmentsLeft = await counted.SumAsync(p => p.AttachmentCount ?? 0, ct);
        var attachmentsAbolished = await counted.SumAsync(p => p.AbolishedAttachmentCount ?? 0, ct);

        var eventSets = await live.Where(p => p.LifeEvents != LifeEvents.None)
            .GroupBy(p => new { p.LifeEvents, Digitized = p.Status == ProcedureStatus.Digitized })
            .Select(g => new { g.Key.LifeEvents, g.Key.Digitized, Count = g.Count() }).ToListAsync(ct);
        var lifeEvents = Profile.Flags((LifeEvents)~0)
            .Select(e => new LifeEventFigures(e, new Ratio(
                eventSets.Where(s => s.Digitized && s.LifeEvents.HasFlag(e)).Sum(s => s.Count),
                eventSets.Where(s => s.LifeEvents.HasFlag(e)).Sum(s => s.Count))))
            .ToList();

        var notOnline = live.Where(p => p.Status != ProcedureStatus.Digitized);
        var inPersonCounts = await notOnline.Where(p => p.InPerson != null)
            .GroupBy(p => p.InPerson).Select(g => new { Source = g.Key, Count = g.Count() }).ToListAsync(ct);
        var openObjections = db.Objections.AsNoTracking().Where(o => o.Outcome == ObjectionOutcome.Open
            && o.Procedure!.Status != ProcedureStatus.Exempt && o.Procedure.Status != ProcedureStatus.Digitized);
        var objectionCounts = await openObjections
            .GroupBy(o => o.Source).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        async Task<BarrierList> BarriersAsync(BarrierOwner owner)
        {
            var sources = Profile.SourcesOf(owner).Select(s => (InPersonRequirement?)s).ToList();
            var inPerson = (await notOnline.Where(p => sources.Contains(p.InPerson))
                    .Select(p => new
                    {
                        p.Id, p.Code, p.Name, Department = p.Department!.Name, p.InPerson,
                        Open = p.Objections.Count(o => o.Outcome == ObjectionOutcome.Open),
                    })
                    .OrderByDescending(p => p.Open).ThenBy(p => p.Code)
                    .Take(BarrierListSize).ToListAsync(ct))
                .Select(p => new Barrier(p.Id, p.Code, p.Name, p.Department, p.InPerson!.Value, null, p.Open));
            var objections = (await openObjections.Where(o => sources.Contains(o.Source))
                    .Select(o => new
                    {
                        o.ProcedureId, o.Procedure!.Code, o.Procedure.Name, Department = o.Procedure.Department!.Name, o.Source, o.Category,
                        Open = o.Procedure.Objections.Count(x => x.Outcome == ObjectionOutcome.Open),
                    })
                    .OrderByDescending(o => o.Open).ThenBy(o => o.Code)
                    .Take(BarrierListSize).ToListAsync(ct))
                .Select(o => new Barrier(o.ProcedureId, o.Code, o.Name, o.Department, o.Source!.Value, o.Category, o.Open));
            return new BarrierList(
                inPersonCounts.Where(c => Profile.OwnerOf(c.Source) == owner).Sum(c => c.Count),
                objectionCounts.Where(c => Profile.OwnerOf(c.Key) == owner).Sum(c => c.Count),
                inPerson.Concat(objections)
                    .OrderByDescending(b => b.OpenObjections).ThenBy(b => b.Code, StringComparer.Ordinal).ThenBy(b => b.Objection.HasValue)
                    .Take(BarrierListSize).ToList());
        }

        return new ProfileBoard(
            ProfileFigures.Sum(divisions.Select(d => d.Figures)),
            divisions,
            reasons,
            new Ratio(seals.Where(s => s.Seal == SealRequirement.Abolished).Sum(s => s.Count), seals.Sum(s => s.Count)),
            new Ratio(attachmentsAbolished, attachmentsLeft + attachmentsAbolished),
            lifeEvents,
            await BarriersAsync(BarrierOwner.Ward),
            await BarriersAsync(BarrierOwner.Nation),
            objectionCounts.Where(c => c.Key is null).Sum(c => c.Count));
    }
}
