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

/// <summary>Reads the <see cref="ProfileBoard"/>: every figure aggregated in the database, never by loading the procedures.
/// Seven queries: one pass over the procedures grouped by department (a row per department comes back), one grouped by the
/// combination of telework reasons and life events (a row per combination in use), one count of open objections by source,
/// the departments and divisions, and each barrier list in one query (its 対面要件 and its open objections together, ordered
/// and cut in the database). The profile has no history, so the figures are today's.</summary>
public sealed class ProfileBoardQuery(IDbContextFactory<DxDbContext> dbFactory)
{
    public const int BarrierListSize = 10;

    public async Task<ProfileBoard> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = db.Procedures.AsNoTracking().Where(p => p.Status != ProcedureStatus.Exempt);
        var ward = Sources(BarrierOwner.Ward);
        var nation = Sources(BarrierOwner.Nation);

        var units = await live.GroupBy(p => p.DepartmentId).Select(g => new
        {
            DepartmentId = g.Key,
            Possible = g.Count(p => p.Telework == Telework.Possible),
            Partly = g.Count(p => p.Telework == Telework.Partly),
            NotPossible = g.Count(p => p.Telework == Telework.NotPossible),
            Unanswered = g.Count(p => p.Telework == null),
            Digitized = g.Count(p => p.Status == ProcedureStatus.Digitized),
            CounterTablet = g.Count(p => p.Status == ProcedureStatus.Digitized && p.CounterTablet),
            SmartphoneClass = g.Count(p => p.Status == ProcedureStatus.Digitized && p.SmartphoneClass),
            Translation = g.Count(p => p.Status == ProcedureStatus.Digitized && p.Translation),
            SealRequired = g.Count(p => p.Seal == SealRequirement.Required),
            SealAbolished = g.Count(p => p.Seal == SealRequirement.Abolished),
            AttachmentsLeft = g.Sum(p => p.AttachmentCount ?? 0),
            AttachmentsAbolished = g.Sum(p => p.AttachmentCount == null ? 0 : p.AbolishedAttachmentCount ?? 0),
            WardInPerson = g.Count(p => p.Status != ProcedureStatus.Digitized && ward.Contains(p.InPerson)),
            NationInPerson = g.Count(p => p.Status != ProcedureStatus.Digitized && nation.Contains(p.InPerson)),
        }).ToListAsync(ct);
        var byDepartment = units.ToDictionary(u => u.DepartmentId, u => new ProfileFigures(
            new Ratio(u.Possible, u.Possible + u.Partly + u.NotPossible), u.Partly, u.NotPossible, u.Unanswered,
            u.Digitized, u.CounterTablet, u.SmartphoneClass, u.Translation));
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

        // Telework reasons count for 一部可 and 不可 only; life events for every live procedure.
        var flagSets = await live
            .Where(p => p.LifeEvents != LifeEvents.None
                || ((p.Telework == Telework.Partly || p.Telework == Telework.NotPossible) && p.TeleworkBarriers != TeleworkBarriers.None))
            .GroupBy(p => new
            {
                Barriers = p.Telework == Telework.Partly || p.Telework == Telework.NotPossible ? p.TeleworkBarriers : TeleworkBarriers.None,
                p.LifeEvents,
                Digitized = p.Status == ProcedureStatus.Digitized,
            })
            .Select(g => new { g.Key.Barriers, g.Key.LifeEvents, g.Key.Digitized, Count = g.Count() }).ToListAsync(ct);
        var reasons = Profile.Flags((TeleworkBarriers)~0)
            .Select(r => (r, flagSets.Where(s => s.Barriers.HasFlag(r)).Sum(s => s.Count)))
            .ToList();
        var lifeEvents = Profile.Flags((LifeEvents)~0)
            .Select(e => new LifeEventFigures(e, new Ratio(
                flagSets.Where(s => s.Digitized && s.LifeEvents.HasFlag(e)).Sum(s => s.Count),
                flagSets.Where(s => s.LifeEvents.HasFlag(e)).Sum(s => s.Count))))
            .ToList();

        var openObjections = db.Objections.AsNoTracking().Where(o => o.Outcome == ObjectionOutcome.Open
            && o.Procedure!.Status != ProcedureStatus.Exempt && o.Procedure.Status != ProcedureStatus.Digitized);
        var objectionCounts = await openObjections
            .GroupBy(o => o.Source).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        async Task<BarrierList> BarriersAsync(IReadOnlyList<InPersonRequirement?> sources, int inPersonCount)
        {
            // The objections first: a set operation reads its columns as its first query maps them, and the 対面要件 side's
            // null category has no mapping of its own (first, it would read every category as the enum's first value).
            var top = await openObjections.Where(o => sources.Contains(o.Source))
                .Select(o => new
                {
                    Id = o.ProcedureId, o.Procedure!.Code, o.Procedure.Name, Department = o.Procedure.Department!.Name, o.Source,
                    Objection = (ObjectionCategory?)o.Category,
                    Open = o.Procedure.Objections.Count(x => x.Outcome == ObjectionOutcome.Open),
                })
                .Concat(live.Where(p => p.Status != ProcedureStatus.Digitized && sources.Contains(p.InPerson)).Select(p => new
                {
                    p.Id, p.Code, p.Name, Department = p.Department!.Name, Source = p.InPerson, Objection = (ObjectionCategory?)null,
                    Open = p.Objections.Count(o => o.Outcome == ObjectionOutcome.Open),
                }))
                .OrderByDescending(b => b.Open).ThenBy(b => b.Code).ThenBy(b => b.Objection != null).ThenBy(b => b.Objection)
                .Take(BarrierListSize).ToListAsync(ct);
            return new BarrierList(inPersonCount, objectionCounts.Where(c => sources.Contains(c.Key)).Sum(c => c.Count),
                top.Select(b => new Barrier(b.Id, b.Code, b.Name, b.Department, b.Source!.Value, b.Objection, b.Open)).ToList());
        }

        return new ProfileBoard(
            ProfileFigures.Sum(divisions.Select(d => d.Figures)),
            divisions,
            reasons,
            new Ratio(units.Sum(u => u.SealAbolished), units.Sum(u => u.SealRequired + u.SealAbolished)),
            new Ratio(units.Sum(u => u.AttachmentsAbolished), units.Sum(u => u.AttachmentsLeft + u.AttachmentsAbolished)),
            lifeEvents,
            await BarriersAsync(ward, units.Sum(u => u.WardInPerson)),
            await BarriersAsync(nation, units.Sum(u => u.NationInPerson)),
            objectionCounts.Where(c => c.Key is null).Sum(c => c.Count));
    }

    private static List<InPersonRequirement?> Sources(BarrierOwner owner) => Profile.SourcesOf(owner).Select(s => (InPersonRequirement?)s).ToList();
}
