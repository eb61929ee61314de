using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>What the national survey says about the counterpart of one of our procedures.</summary>
public sealed record NationalFacts
{
    public required string NationalId { get; init; }
    public required string Name { get; init; }
    public string Ministry { get; init; } = "";
    public string LawName { get; init; } = "";
    public int? OnlineStatus { get; init; }
    /// <summary>懸念点 codes, "; "-joined as in the survey.</summary>
    public string ConcernCodes { get; init; } = "";
    public int? TargetFiscalYear { get; init; }
    public long? TotalCount { get; init; }
    public long? OnlineCount { get; init; }
    /// <summary>本人確認手法 code (1-6), 手数料等の納付有無 and 申請時に添付させる書類 ("; "-joined): the BPR checklist's national answers.</summary>
    public int? IdentityCheck { get; init; }
    public bool? HasFee { get; init; }
    public string Attachments { get; init; } = "";
    /// <summary>The survey's reference date: online status is as of this day.</summary>
    public DateOnly SurveyDate { get; init; }

    /// <summary>The fiscal year the counts are for: the one the survey date closes (as of 2024-03-31 → FY2023, 令和5年度).</summary>
    public FiscalYear CountsYear => FiscalYear.Of(SurveyDate);

    /// <summary>Online nationally: 実施済 (1) or 一部実施済 (5).</summary>
    public bool IsOnline => OnlineStatus is 1 or 5;

    /// <summary>本人確認手法 as our enum; null when the survey has none or an unknown code.</summary>
    public Procedures.IdentityCheck? IdentityCheckValue => IdentityCheck is >= 1 and <= 6 ? (Procedures.IdentityCheck)IdentityCheck : null;

    /// <summary>How many attachments the survey lists (its "; "-joined list), null when it lists none.</summary>
    public int? AttachmentCount =>
        Attachments.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } a ? a.Length : null;

    /// <summary>National online usage rate (online ÷ total), when the survey has a total.</summary>
    public double? UsageRate => TotalCount is > 0 && OnlineCount is { } online ? (double)online / TotalCount.Value : null;
}

/// <summary>A procedure still on paper here whose national counterpart is online: the next biggest wins, with evidence.</summary>
public sealed record PaperHereOnlineNationally(int ProcedureId, string Code, string Name, string DepartmentName, ProcedureStatus Status, NationalFacts National, long? WardEstimate);

/// <summary>An open objection on a procedure that is online nationally: the national data contradicts "it cannot go online".</summary>
public sealed record ContradictedObjection(int ObjectionId, int ProcedureId, string ProcedureCode, string ProcedureName, ObjectionCategory Category, string Description, NationalFacts National);

/// <summary>Reads of the national catalogue beside our procedures. Uses the newest survey loaded.</summary>
public static class NationalEvidence
{
    /// <summary>The ward's share of the national population: a ward of ~900,000 of Japan's ~124 million ≈ 0.73%.
    /// National counts multiplied by it estimate the ward's volume (setting "National:PopulationShare").</summary>
    public const double DefaultPopulationShare = 0.0073;

    /// <summary>The catalogue rows of the newest survey date.</summary>
    public static IQueryable<NationalProcedure> Latest(DxDbContext db) =>
        db.NationalProcedures.Where(n => n.SurveyDate == db.NationalProcedures.Max(x => x.SurveyDate));

    /// <summary>The newest survey's rows as <see cref="NationalFacts"/> (filterable and joinable in SQL).</summary>
    public static IQueryable<NationalFacts> LatestFacts(DxDbContext db) =>
        Latest(db).AsNoTracking().Select(n => new NationalFacts
        {
            NationalId = n.NationalId,
            Name = n.Name,
            Ministry = n.Ministry,
            LawName = n.LawName,
            OnlineStatus = n.OnlineStatus,
            ConcernCodes = n.ConcernCodes,
            TargetFiscalYear = n.TargetFiscalYear,
            TotalCount = n.TotalCount,
            OnlineCount = n.OnlineCount,
            IdentityCheck = n.IdentityCheck,
            HasFee = n.HasFee,
            Attachments = n.Attachments,
            SurveyDate = n.SurveyDate,
        });

    public static Task<NationalFacts?> ForNationalIdAsync(DxDbContext db, string? nationalId, CancellationToken ct = default) =>
        nationalId is null
            ? Task.FromResult<NationalFacts?>(null)
            : LatestFacts(db).Where(n => n.NationalId == nationalId).FirstOrDefaultAsync(ct);

    /// <summary>Our procedures not digitized (and not exempt) whose national counterpart is online, biggest national volume first.</summary>
    public static async Task<(int Count, IReadOnlyList<PaperHereOnlineNationally> Top)> PaperHereOnlineNationallyAsync(DxDbContext db, double populationShare, int take, CancellationToken ct = default)
    {
        var query =
            from p in db.Procedures.AsNoTracking()
            where p.Status != ProcedureStatus.Digitized && p.Status != ProcedureStatus.Exempt
            join n in LatestFacts(db) on p.NationalProcedureId equals n.NationalId
            where n.OnlineStatus == 1 || n.OnlineStatus == 5
            select new { p, n };
        var count = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(x => x.n.TotalCount ?? 0).ThenBy(x => x.p.Code)
            .Take(take)
            .Select(x => new
            {
                x.p.Id,
                x.p.Code,
                x.p.Name,
                Department = x.p.Department!.Name,
                x.p.Status,
                National = x.n,
            })
            .ToListAsync(ct);
        return (count, rows.Select(r => new PaperHereOnlineNationally(r.Id, r.Code, r.Name, r.Department, r.Status, r.National,
            r.National.TotalCount is { } total ? (long)Math.Round(total * populationShare) : null)).ToList());
    }

    /// <summary>Open objections of a department (or all, when null) on procedures that are online nationally.</summary>
    public static async Task<IReadOnlyList<ContradictedObjection>> ContradictedObjectionsAsync(DxDbContext db, int? departmentId, CancellationToken ct = default)
    {
        var query =
            from o in db.Objections.AsNoTracking()
            where o.Outcome == ObjectionOutcome.Open
            join p in db.Procedures on o.ProcedureId equals p.Id
            where departmentId == null || p.DepartmentId == departmentId
            join n in LatestFacts(db) on p.NationalProcedureId equals n.NationalId
            where n.OnlineStatus == 1 || n.OnlineStatus == 5
            orderby o.RaisedAtUtc descending
            select new ContradictedObjection(o.Id, p.Id, p.Code, p.Name, o.Category, o.Description, n);
        return await query.ToListAsync(ct);
    }
}
