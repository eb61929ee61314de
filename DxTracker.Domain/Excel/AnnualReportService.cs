using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Excel;

/// <summary>The annual report for one fiscal year (eight sheets, headers in the current UI language): the three metrics
/// and counts as of March 31 (today for the year in progress) beside the previous year, with a note naming the sources and
/// definitions and a chart of the trend; by department; the board's profile figures (telework, BPR, digital-divide support:
/// today's, as the profile has no history); every procedure with its status then and now; every procedure's profile (the
/// inventory's columns); the year's hearings, the objections open during the year, and the year's status changes. Every sheet prints on A4 landscape with the report's
/// title, year, office and page numbers (<see cref="PrintLayout"/>).</summary>
public sealed class AnnualReportService(IDbContextFactory<DxDbContext> dbFactory, BoardQuery board, ProfileBoardQuery profileBoard, EraSettings era,
    OfficeSettings office, TimeProvider clock)
{
    private static readonly ProcedureStatus[] Statuses = Enum.GetValues<ProcedureStatus>();

    /// <summary>"DxTracker_令和7年度_年次報告.xlsx" in Japanese, "DxTracker_FY2025_report.xlsx" in English.</summary>
    public string FileName(FiscalYear year) => ExcelText.Format("ReportFileName", year.Label(CultureInfo.CurrentUICulture, era));

    /// <summary>A plain-ASCII name for clients that ignore RFC 5987's filename*.</summary>
    public static string AsciiFileName(FiscalYear year) => string.Create(CultureInfo.InvariantCulture, $"DxTracker_FY{year.Year}_report.xlsx");

    public async Task<byte[]> BuildAsync(FiscalYear year, CancellationToken ct = default)
    {
        // The summary, by-department and trend figures are the board's own, so the report and the board agree by construction.
        var now = await board.LoadAsync(year, winCount: 0, ct);
        var before = await board.LoadAsync(year.Previous, winCount: 0, ct);
        var trend = (await board.TrendAsync(ct)).Where(t => t.Year.CompareTo(year) <= 0).ToList();
        var profile = await profileBoard.LoadAsync(ct);
        var culture = CultureInfo.CurrentUICulture;
        var layout = PrintLayout.Create(ExcelText.Get("ReportTitle"), year.Label(culture, era), office, clock, culture);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var stream = new MemoryStream();
        using (var workbook = new ReportWorkbook(stream, layout))
        {
            await AddSummaryAsync(workbook, db, now, before, trend, ct);
            await AddByDepartmentAsync(workbook, now, profile, ct);
            await AddProfileFiguresAsync(workbook, profile, ct);
            await AddProceduresAsync(workbook, db, now, ct);
            await AddProfilesAsync(workbook, db, ct);
            await AddHearingsAsync(workbook, db, year, ct);
            await AddObjectionsAsync(workbook, db, year, ct);
            await AddStatusChangesAsync(workbook, db, year, ct);
        }
        return stream.ToArray();
    }

    /// <summary>「3月31日時点」, or 「本日時点」 for the year in progress.</summary>
    private static string AsOf(ProgressBoard board) => ExcelText.Get(board.IsCurrentYear ? "AsOfToday" : "AsOfMarch31");

    private async Task AddSummaryAsync(ReportWorkbook workbook, DxDbContext db, ProgressBoard now, ProgressBoard before,
        IReadOnlyList<TrendPoint> trend, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        var (m, b) = (now.Total.Metrics, before.Total.Metrics);
        var counts = await YearCountsAsync(db, now.Year, ct);
        var previousCounts = await YearCountsAsync(db, before.Year, ct);

        var rows = new List<object?[]>
        {
            RatioRow("Summary_ShareByCount", m.ShareByCount, b.ShareByCount),
            RatioRow("Summary_ShareByVolume", m.ShareByVolume, b.ShareByVolume),
            RatioRow("Summary_UsageRate", m.UsageRate, b.UsageRate),
            CountRow(ExcelText.Format("Summary_ProcedureCount", AsOf(now)), m.ProcedureCount, b.ProcedureCount),
        };
        foreach (var status in Statuses)
            rows.Add(CountRow(ExcelText.Format("Summary_Status", DomainText.Status(status)), now.Total.Count(status), before.Total.Count(status)));
        rows.Add(CountRow(ExcelText.Get("Summary_UnknownVolume"), m.UnknownVolumeCount, b.UnknownVolumeCount));
        rows.Add(CountRow(ExcelText.Get("Summary_DigitizedInYear"), now.Total.DigitizedInYear, before.Total.DigitizedInYear));
        rows.Add(CountRow(ExcelText.Get("Summary_HearingCount"), counts.Hearings, previousCounts.Hearings));
        rows.Add(CountRow(ExcelText.Get("Summary_ObjectionsRaised"), counts.Raised, previousCounts.Raised));
        rows.Add(CountRow(ExcelText.Get("Summary_ObjectionsCountered"), counts.Countered, previousCounts.Countered));

        var yearLabel = now.Year.Label(culture, era);
        string[] notes =
        [
            "Note_Heading", "Note_Source", "Note_AsOf", "Note_ShareByCount", "Note_ShareByVolume", "Note_UsageRate", "Note_Volumes",
            "Note_Unknown", "Note_UnknownOnline", "Note_Difference",
        ];
        var seriesNames = new[] { ExcelText.Get("Col_ShareByCount"), ExcelText.Get("Col_ShareByVolume"), ExcelText.Get("Col_UsageRate") };
        workbook.AddSummary(ExcelText.Get("Sheet_Summary"), "Summary",
        [
            new(ExcelText.Get("Summary_Item")),
            new(now.IsCurrentYear ? ExcelText.Format("Summary_YearAsOfToday", yearLabel) : yearLabel, CellKind.Number),
            new(before.Year.Label(culture, era), CellKind.Number),
            new(ExcelText.Get("Summary_Difference"), CellKind.Number),
            new(ExcelText.Get("Summary_Numerator"), CellKind.Number),
            new(ExcelText.Get("Summary_Denominator"), CellKind.Number),
        ], rows, notes.Select(ExcelText.Get).ToList(),
        new TrendBlock(ExcelText.Get("Trend_Title"), ExcelText.Get("Trend_Description"), ExcelText.Get("Trend_Year"), seriesNames,
            trend.Select(t => (t.Year.Label(culture, era), new[] { t.Metrics.ShareByCount.Value, t.Metrics.ShareByVolume.Value, t.Metrics.UsageRate.Value }))
                .ToList()));
    }

    /// <summary>A rate now and a year before, their difference in points, and today's numerator and denominator.</summary>
    private static object?[] RatioRow(string key, Ratio now, Ratio before) =>
    [
        ExcelText.Get(key), new Percent(now.Value), new Percent(before.Value),
        new Points(now.Value is { } a && before.Value is { } b ? a - b : null), now.Numerator, now.Denominator,
    ];

    private static object?[] CountRow(string label, int now, int before) => [label, now, before, new Change(now - before), null, null];

    private sealed record YearCounts(int Hearings, int Raised, int Countered);

    private static async Task<YearCounts> YearCountsAsync(DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var hearings = await db.HearingSessions.AsNoTracking().CountAsync(h => h.HeldOn >= year.FirstDay && h.HeldOn <= year.LastDay, ct);
        var raised = await db.Objections.AsNoTracking().CountAsync(o => o.RaisedAtUtc >= year.StartUtc && o.RaisedAtUtc < year.EndUtc, ct);
        var countered = await db.Objections.AsNoTracking().CountAsync(o => o.Outcome == ObjectionOutcome.Countered
            && o.ClosedAtUtc >= year.StartUtc && o.ClosedAtUtc < year.EndUtc, ct);
        return new YearCounts(hearings, raised, countered);
    }

    /// <summary>One row per department of the board, in the board's order (divisions, then departments), with the
    /// department's profile shares of today from the board's profile figures.</summary>
    private static async Task AddByDepartmentAsync(ReportWorkbook workbook, ProgressBoard board, ProfileBoard profile, CancellationToken ct)
    {
        var profiles = profile.Divisions.SelectMany(d => d.Departments).ToDictionary(d => d.Id, d => d.Figures);
        var rows = board.Divisions.SelectMany(division => division.Departments.Select(d =>
        {
            var (f, m) = (d.Figures, d.Figures.Metrics);
            var p = profiles.GetValueOrDefault(d.Id, ProfileFigures.Empty);
            return new object?[] { division.Name, d.Code, d.Name, m.ProcedureCount }
                .Concat(Statuses.Select(s => (object?)f.Count(s)))
                .Concat([f.DigitizedInYear, m.ShareByCount.Value, m.ShareByVolume.Value, m.UsageRate.Value, m.UnknownVolumeCount,
                    p.TeleworkPossible.Value, p.CounterTablet.Value, p.SmartphoneClass.Value, p.Translation.Value])
                .ToArray();
        })).ToList();
        var columns = new List<SheetColumn>
        {
            new(ExcelText.Get("Col_Division")),
            new(ExcelText.Get("Col_DepartmentCode")),
            new(ExcelText.Get("Col_Department")),
            new(ExcelText.Get("Col_ProcedureCount"), CellKind.Number),
        };
        columns.AddRange(Statuses.Select(s => new SheetColumn(DomainText.Status(s), CellKind.Number)));
        columns.AddRange([
            new(ExcelText.Get("Col_DigitizedInYear"), CellKind.Number),
            new(ExcelText.Get("Col_ShareByCount"), CellKind.Percent),
            new(ExcelText.Get("Col_ShareByVolume"), CellKind.Percent),
            new(ExcelText.Get("Col_UsageRate"), CellKind.Percent),
            new(ExcelText.Get("Col_UnknownVolume"), CellKind.Number),
            new(ExcelText.Get("Col_TeleworkPossibleNow"), CellKind.Percent),
            new(ExcelText.Get("Col_CounterTabletNow"), CellKind.Percent),
            new(ExcelText.Get("Col_SmartphoneClassNow"), CellKind.Percent),
            new(ExcelText.Get("Col_TranslationNow"), CellKind.Percent),
        ]);
        await workbook.AddTableAsync(ExcelText.Get("Sheet_ByDepartment"), "ByDepartment", columns, rows.ToAsyncEnumerable(), ct);
    }

    /// <summary>The board's profile figures of the whole office, today's (the profile has no history): each rate with its
    /// numerator and denominator (an empty denominator leaves the rate empty, never 0%), the counts beside them, and what
    /// each figure is.</summary>
    private static async Task AddProfileFiguresAsync(ReportWorkbook workbook, ProfileBoard profile, CancellationToken ct)
    {
        var t = profile.Total;
        object?[] Rate(string key, Ratio r, string note) => [ExcelText.Get(key), new Percent(r.Value), r.Numerator, r.Denominator, ExcelText.Get(note)];
        object?[] Count(string label, int count, string? note = null) => [label, count, null, null, note is null ? null : ExcelText.Get(note)];
        var rows = new List<object?[]>
        {
            Rate("Profile_TeleworkPossible", t.TeleworkPossible, "Profile_TeleworkPossibleNote"),
            Count(ExcelText.Format("Profile_Telework", DomainText.Label(Telework.Partly)), t.TeleworkPartly),
            Count(ExcelText.Format("Profile_Telework", DomainText.Label(Telework.NotPossible)), t.TeleworkNotPossible),
            Count(ExcelText.Get("Profile_TeleworkUnanswered"), t.TeleworkUnanswered),
        };
        rows.AddRange(profile.TeleworkReasons.Select(r =>
            Count(ExcelText.Format("Profile_TeleworkReason", DomainText.Label(r.Reason)), r.Count, "Profile_TeleworkReasonNote")));
        rows.Add(Rate("Profile_SealAbolished", profile.SealAbolished, "Profile_SealAbolishedNote"));
        rows.Add(Rate("Profile_AttachmentsAbolished", profile.AttachmentsAbolished, "Profile_AttachmentsAbolishedNote"));
        rows.Add(Count(ExcelText.Get("Profile_Digitized"), t.Digitized, "Profile_DigitizedNote"));
        rows.Add(Rate("Profile_CounterTablet", t.CounterTablet, "Profile_SupportNote"));
        rows.Add(Rate("Profile_SmartphoneClass", t.SmartphoneClass, "Profile_SupportNote"));
        rows.Add(Rate("Profile_Translation", t.Translation, "Profile_SupportNote"));
        await workbook.AddTableAsync(ExcelText.Get("Sheet_ProfileFigures"), "ProfileFigures",
        [
            new(ExcelText.Get("Summary_Item")), new(ExcelText.Get("Profile_ValueToday"), CellKind.Number),
            new(ExcelText.Get("Summary_Numerator"), CellKind.Number), new(ExcelText.Get("Summary_Denominator"), CellKind.Number),
            new(ExcelText.Get("Profile_Definition")),
        ], rows.ToAsyncEnumerable(), ct);
    }

    /// <summary>Every procedure's profile as it is today, in the inventory's columns (<see cref="InventoryColumns.ProfileColumns"/>),
    /// the words in the UI language.</summary>
    private static async Task AddProfilesAsync(ReportWorkbook workbook, DxDbContext db, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        var procedures = db.Procedures.AsNoTracking()
            .OrderBy(p => p.Department!.Division!.SortOrder).ThenBy(p => p.Department!.SortOrder).ThenBy(p => p.Department!.Code).ThenBy(p => p.Code)
            .Select(p => new
            {
                p.Code, p.Name, Department = p.Department!.Name,
                Profile = ProcedureProfile.Of(p),
            })
            .AsAsyncEnumerable();
        await workbook.AddTableAsync(ExcelText.Get("Sheet_Profiles"), "Profiles",
        [
            new(ExcelText.Get("Col_Code")), new(ExcelText.Get("Col_Name")), new(ExcelText.Get("Col_Department")),
            .. InventoryColumns.ProfileColumns.Select(c => new SheetColumn(InventoryColumns.ReportHeader(c, culture), c.Kind)),
        ], procedures.Select(p => (object?[])[p.Code, p.Name, p.Department, .. InventoryColumns.ProfileCells(p.Profile, culture)]), ct);
    }

    /// <summary>Every procedure with its status and volume as of March 31 and its status now, streamed from one query: the
    /// year-end state is the board's (<see cref="YearEnd.StatusAsOf"/> — <see cref="Metrics.StatusAsOf"/> in SQL — and
    /// <see cref="YearEnd.WithVolumeFor"/>), empty for a procedure created after the year.</summary>
    private async Task AddProceduresAsync(ReportWorkbook workbook, DxDbContext db, ProgressBoard board, CancellationToken ct)
    {
        var year = board.Year;
        var procedures = YearEnd.StatusAsOf(db.Procedures.AsNoTracking(), db.StatusChanges, year.EndUtc).WithVolumeFor(db.ProcedureVolumes, year.Year)
            .OrderBy(f => f.Procedure.Department!.Division!.SortOrder).ThenBy(f => f.Procedure.Department!.SortOrder)
            .ThenBy(f => f.Procedure.Department!.Code).ThenBy(f => f.Procedure.Code)
            .Select(f => new ProcedureRow(
                f.Procedure.Code, f.Procedure.Name, f.Procedure.Department!.Division!.Name, f.Procedure.Department.Code, f.Procedure.Department.Name,
                f.Procedure.NationalProcedureId, f.Procedure.LawName, f.Procedure.LawArticle, f.Procedure.AdministrativeCategory,
                f.Procedure.IdentityCheck, f.Procedure.HasFee, f.Procedure.Attachments, f.Procedure.TargetFiscalYear, f.Procedure.OnlineFormUrl,
                f.Procedure.CounterTablet, f.Procedure.SmartphoneClass, f.Procedure.Translation, f.Procedure.Notes, f.Procedure.ExemptReason,
                f.Existed, f.Status, f.Total, f.Online,
                f.Procedure.Status, f.Procedure.StatusChangedAtUtc, f.Procedure.CreatedAtUtc, f.Procedure.UpdatedAtUtc, f.Procedure.UpdatedByName))
            .AsAsyncEnumerable();

        var yes = ExcelText.Get("Yes");
        var no = ExcelText.Get("No");
        string? YesNo(bool? value) => value is { } v ? (v ? yes : no) : null;
        var fy = year.Label(CultureInfo.CurrentUICulture, era);
        var rows = procedures.Select(p => new object?[]
        {
            p.Code, p.Name, p.Division, p.DepartmentCode, p.DepartmentName, p.NationalProcedureId, p.LawName, p.LawArticle,
            p.AdministrativeCategory is { } a ? DomainText.AdministrativeCategory(a) : null,
            p.IdentityCheck is { } i ? DomainText.IdentityCheck(i) : null,
            YesNo(p.HasFee), p.Attachments, p.TargetFiscalYear, p.OnlineFormUrl,
            YesNo(p.CounterTablet), YesNo(p.SmartphoneClass), YesNo(p.Translation), p.Notes, p.ExemptReason,
            p.Existed ? DomainText.Status(p.StatusThen) : null, DomainText.Status(p.Status),
            SheetWriter.Japan(p.StatusChangedAtUtc), p.Existed ? p.Total : null, p.Existed ? p.Online : null,
            SheetWriter.Japan(p.CreatedAtUtc), SheetWriter.Japan(p.UpdatedAtUtc), p.UpdatedByName,
        });
        await workbook.AddTableAsync(ExcelText.Get("Sheet_Procedures"), "Procedures",
        [
            new(ExcelText.Get("Col_Code")), new(ExcelText.Get("Col_Name")), new(ExcelText.Get("Col_Division")),
            new(ExcelText.Get("Col_DepartmentCode")), new(ExcelText.Get("Col_Department")), new(ExcelText.Get("Col_NationalId")),
            new(ExcelText.Get("Col_LawName")), new(ExcelText.Get("Col_LawArticle")), new(ExcelText.Get("Col_AdministrativeCategory")),
            new(ExcelText.Get("Col_IdentityCheck")), new(ExcelText.Get("Col_Fee")), new(ExcelText.Get("Col_Attachments")),
            new(ExcelText.Get("Col_TargetFiscalYear"), CellKind.Year), new(ExcelText.Get("Col_Url")),
            new(ExcelText.Get("Col_CounterTablet")), new(ExcelText.Get("Col_SmartphoneClass")), new(ExcelText.Get("Col_Translation")),
            new(ExcelText.Get("Col_Notes")), new(ExcelText.Get("Col_ExemptReason")), new(ExcelText.Format("Col_StatusAtYearEnd", AsOf(board))),
            new(ExcelText.Get("Col_StatusNow")), new(ExcelText.Get("Col_StatusChangedAt"), CellKind.DateTime),
            new(ExcelText.Get("Col_Total") + " " + fy, CellKind.Number), new(ExcelText.Get("Col_Online") + " " + fy, CellKind.Number),
            new(ExcelText.Get("Col_CreatedAt"), CellKind.DateTime), new(ExcelText.Get("Col_UpdatedAt"), CellKind.DateTime),
            new(ExcelText.Get("Col_UpdatedBy")),
        ], rows, ct);
    }

    private static async Task AddHearingsAsync(ReportWorkbook workbook, DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var hearings = db.HearingSessions.AsNoTracking()
            .Where(h => h.HeldOn >= year.FirstDay && h.HeldOn <= year.LastDay)
            .OrderBy(h => h.HeldOn).ThenBy(h => h.Id)
            .Select(h => new object?[]
            {
                h.HeldOn, h.Department!.Code, h.Department.Name, h.DepartmentAttendees, h.DxTeamMembers, h.Summary,
                h.Items.Count, h.FollowUps.Count, h.FollowUps.Count(f => f.DoneAtUtc == null), h.RecordedByName,
            })
            .AsAsyncEnumerable();
        await workbook.AddTableAsync(ExcelText.Get("Sheet_Hearings"), "Hearings",
        [
            new(ExcelText.Get("Col_HeldOn"), CellKind.Date), new(ExcelText.Get("Col_DepartmentCode")), new(ExcelText.Get("Col_Department")),
            new(ExcelText.Get("Col_DepartmentAttendees")), new(ExcelText.Get("Col_DxTeamMembers")), new(ExcelText.Get("Col_HearingSummary")),
            new(ExcelText.Get("Col_ProceduresDiscussed"), CellKind.Number), new(ExcelText.Get("Col_FollowUps"), CellKind.Number),
            new(ExcelText.Get("Col_FollowUpsOpen"), CellKind.Number), new(ExcelText.Get("Col_RecordedBy")),
        ], hearings, ct);
    }

    private static async Task AddObjectionsAsync(ReportWorkbook workbook, DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var objections = db.Objections.AsNoTracking()
            .Where(o => o.RaisedAtUtc < year.EndUtc && (o.ClosedAtUtc == null || o.ClosedAtUtc >= year.StartUtc))
            .OrderBy(o => o.RaisedAtUtc).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Procedure!.Code, o.Procedure.Name, Department = o.Procedure.Department!.Name, o.Category, o.Source, o.Description,
                o.RaisedByName, o.RaisedAtUtc, o.Rebuttal, o.Outcome, o.ClosedAtUtc,
            })
            .AsAsyncEnumerable();
        await workbook.AddTableAsync(ExcelText.Get("Sheet_Objections"), "Objections",
        [
            new(ExcelText.Get("Col_Code")), new(ExcelText.Get("Col_Name")), new(ExcelText.Get("Col_Department")),
            new(ExcelText.Get("Col_Category")), new(ExcelText.Get("Col_ObjectionSource")), new(ExcelText.Get("Col_Description")), new(ExcelText.Get("Col_RaisedBy")),
            new(ExcelText.Get("Col_RaisedAt"), CellKind.DateTime), new(ExcelText.Get("Col_Rebuttal")), new(ExcelText.Get("Col_Outcome")),
            new(ExcelText.Get("Col_ClosedAt"), CellKind.DateTime),
        ], objections.Select(o => new object?[]
        {
            o.Code, o.Name, o.Department, DomainText.Category(o.Category), DomainText.ObjectionSource(o.Source), o.Description, o.RaisedByName,
            SheetWriter.Japan(o.RaisedAtUtc), o.Rebuttal, DomainText.Outcome(o.Outcome), SheetWriter.Japan(o.ClosedAtUtc),
        }), ct);
    }

    private static async Task AddStatusChangesAsync(ReportWorkbook workbook, DxDbContext db, FiscalYear year, CancellationToken ct)
    {
        var changes = (
                from c in db.StatusChanges.AsNoTracking()
                join p in db.Procedures on c.ProcedureId equals p.Id
                where c.AtUtc >= year.StartUtc && c.AtUtc < year.EndUtc
                orderby c.AtUtc, c.Id
                select new { c.AtUtc, p.Code, p.Name, Department = p.Department!.Name, c.FromStatus, c.ToStatus, c.ByName, c.Comment })
            .AsAsyncEnumerable();
        await workbook.AddTableAsync(ExcelText.Get("Sheet_StatusChanges"), "StatusChanges",
        [
            new(ExcelText.Get("Col_At"), CellKind.DateTime), new(ExcelText.Get("Col_Code")), new(ExcelText.Get("Col_Name")),
            new(ExcelText.Get("Col_Department")), new(ExcelText.Get("Col_From")), new(ExcelText.Get("Col_To")),
            new(ExcelText.Get("Col_By")), new(ExcelText.Get("Col_Comment")),
        ], changes.Select(c => new object?[]
        {
            SheetWriter.Japan(c.AtUtc), c.Code, c.Name, c.Department, DomainText.Status(c.FromStatus), DomainText.Status(c.ToStatus),
            c.ByName, c.Comment,
        }), ct);
    }

    private sealed record ProcedureRow(
        string Code, string Name, string Division, string DepartmentCode, string DepartmentName,
        string? NationalProcedureId, string? LawName, string? LawArticle, AdministrativeCategory? AdministrativeCategory,
        IdentityCheck? IdentityCheck, bool? HasFee, string? Attachments, int? TargetFiscalYear, string? OnlineFormUrl,
        bool CounterTablet, bool SmartphoneClass, bool Translation, string? Notes, string? ExemptReason,
        bool Existed, ProcedureStatus StatusThen, long? Total, long? Online,
        ProcedureStatus Status, DateTime StatusChangedAtUtc, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, string UpdatedByName);
}
