using System.Globalization;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace DxTracker.App.Bench;

/// <summary>The app's own paths, called as the pages and jobs call them (one short-lived context per operation), each
/// returning the same kind of answer as its baseline in <see cref="SqlBaselines"/>.</summary>
internal sealed class AppPaths(BenchDatabase database, BenchQuestion question)
{
    /// <summary>The services' clock, fixed at the question's instant so the app and the baselines judge "now" alike.</summary>
    private TimeProvider Clock { get; } = new FixedClock(question.UtcNow);

    public async Task<string> AnnualReportAsync()
    {
        var bytes = await new AnnualReportService(database, new BoardQuery(database, Clock), new ProfileBoardQuery(database), new EraSettings(), new OfficeSettings { Name = "ベンチ市役所" }, Clock).BuildAsync(question.Year);
        return SqlBaselines.ReportAnswer(bytes.Length);
    }

    /// <summary>Validate + commit of the current import file, as the DX team (the city's first DX team member).</summary>
    public async Task<string> ImportAsync(ImportFiles files)
    {
        var service = new InventoryImportService(database, Clock, new EraSettings(), new AuditLog(database, Clock, new BenchOrigin()), NullLogger<InventoryImportService>.Instance);
        using var file = new MemoryStream(files.Current);
        var outcome = await service.ImportInventoryAsync(question.DxTeamUserId, file);
        return outcome.FileError ?? ImportBaseline.ImportAnswer(outcome.New + outcome.Changed, outcome.Issues.Count, outcome.Committed);
    }

    /// <summary>Validate + commit of the current organisation sheet, as the DX team: how many 課 and heads it wrote.</summary>
    public async Task<string> OrganisationAsync(OrganisationFiles files)
    {
        var service = new OrganisationImportService(database, new UpperInvariantLookupNormalizer(), new AuditLog(database, Clock, new BenchOrigin()),
            NullLogger<OrganisationImportService>.Instance);
        var outcome = await service.ImportAsync(question.DxTeamUserId, new MemoryStream(files.Current));
        return outcome.FileError ?? (outcome.Issues.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Issues.Count} issues: {outcome.Issues[0]}")
            : string.Create(CultureInfo.InvariantCulture, $"{outcome.NewDepartments + outcome.ChangedDepartments} 課 written, {outcome.NewHeads} heads new, {outcome.MovedHeads} moved"));
    }

    /// <summary>The inventory page's first page: division + status filters and a text search, sorted by code, as
    /// <c>Inventory.razor</c> asks it.</summary>
    public async Task<string> InventoryPageAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var filter = new InventoryFilter { DivisionId = question.DivisionId, Statuses = question.Statuses, Search = question.Search };
        var page = await InventoryQuery.PageAsync(db, filter, InventorySort.Code, false, 0, question.PageSize, question.UtcNow);
        return SqlBaselines.InventoryAnswer(page.TotalCount, page.Rows.Count);
    }

    /// <summary>The procedure page's load, as <c>ProcedurePage.razor</c> asks it.</summary>
    public async Task<string> ProcedurePageAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var p = await ProcedureDetails.LoadAsync(db, question.ProcedureId)
            ?? throw new InvalidOperationException($"Procedure {question.ProcedureId} is missing.");
        return SqlBaselines.PageAnswer(p.Timeline.Count(e => e.Kind == TimelineKind.StatusChanged), p.Objections.Count, p.Volumes.Count,
            p.Timeline.Count(e => e.Kind == TimelineKind.Hearing));
    }

    /// <summary>A status move as the procedure page makes it (the move dialog's write as the DX team), then the page's reload.</summary>
    public async Task<string> StatusMoveAsync(Movable procedure)
    {
        var audit = new AuditLog(database, Clock, new BenchOrigin());
        await new ProcedureService(database, Clock, audit).MoveStatusAsync(question.DxTeamUserId, procedure.Id, procedure.Version, procedure.To, new MoveDetails());
        var page = await new ProcedureQueries(database).PageAsync(procedure.Id) ?? throw new InvalidOperationException($"Procedure {procedure.Id} is missing.");
        return page.Procedure.Status.ToString();
    }

    /// <summary>The board of the last completed fiscal year, as <c>BoardPage.razor</c> asks it when a year is picked.</summary>
    public async Task<string> BoardAsync()
    {
        var board = await new BoardQuery(database, Clock).LoadAsync(question.Year);
        var total = board.Total;
        return SqlBaselines.BoardAnswer(total.Count(ProcedureStatus.Digitized), total.StatusCounts.Sum() - total.Count(ProcedureStatus.Exempt),
            total.DigitizedInYear, total.StalledNow, board.Years.Count);
    }

    /// <summary>The board's profile panel (today's telework, BPR, life-event, digital-divide and barrier figures), as
    /// <c>ProfileBoardPanel.razor</c> asks it under the board.</summary>
    public async Task<string> ProfileBoardAsync()
    {
        var b = await new ProfileBoardQuery(database).LoadAsync();
        return SqlBaselines.ProfileBoardAnswer(b.Total.TeleworkPossible.Numerator, b.Total.TeleworkPossible.Denominator, b.Total.WithCounterTablet,
            b.Total.Digitized, b.SealAbolished.Numerator, b.SealAbolished.Denominator, b.AttachmentsAbolished.Numerator,
            b.AttachmentsAbolished.Denominator, b.WardCanChange.Count + b.NationalLaw.Count);
    }

    /// <summary>The trend, as the board page and the public board ask it.</summary>
    public async Task<string> TrendAsync()
    {
        var trend = await new BoardQuery(database, Clock).TrendAsync();
        return SqlBaselines.TrendAnswer(trend.Count, trend.Count == 0 ? 0 : trend[0].Metrics.ShareByCount.Numerator,
            trend.Count == 0 ? 0 : trend[^1].Metrics.ShareByCount.Numerator);
    }

    /// <summary>The daily stall scan, as the Hangfire job runs it. Its warm-up writes today's reminders; the measured runs
    /// answer the steady-state question (what is stalled, what is overdue, which reminders are still to write).</summary>
    public async Task<string> StalledScanAsync()
    {
        var result = await new StallScanner(database, Clock).ScanAsync();
        return SqlBaselines.ScanAnswer(result.StalledProcedures, result.OverdueFollowUps, result.RemindersCreated);
    }
}

/// <summary>The benchmark's imports are audited like any other, from the local machine.</summary>
internal sealed class BenchOrigin : IAuditOrigin
{
    public string? RemoteIp => "127.0.0.1";
}

/// <summary>A clock that always says the same instant.</summary>
internal sealed class FixedClock(DateTime utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc));
}
