using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Bench;

/// <summary>The app's own paths, called as the pages and jobs call them (one short-lived context per operation), each
/// returning the same kind of answer as its baseline in <see cref="SqlBaselines"/>.</summary>
internal sealed class AppPaths(BenchDatabase database, BenchQuestion question)
{
    /// <summary>The services' clock, fixed at the question's instant so the app and the baselines judge "now" alike.</summary>
    private TimeProvider Clock { get; } = new FixedClock(question.UtcNow);

    public async Task<string> AnnualReportAsync()
    {
        var bytes = await new AnnualReportService(database, new BoardQuery(database, Clock), new EraSettings()).BuildAsync(question.Year);
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

    /// <summary>The procedure page's load: the procedure with department, division, objections, volumes and history, and the
    /// hearings that discussed it.</summary>
    public async Task<string> ProcedurePageAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        var p = await db.Procedures.AsNoTracking()
            .Include(x => x.Department!).ThenInclude(d => d.Division)
            .Include(x => x.Objections)
            .Include(x => x.Volumes)
            .Include(x => x.History)
            .FirstAsync(x => x.Id == question.ProcedureId);
        var hearings = await db.HearingItems.AsNoTracking()
            .Where(i => i.ProcedureId == question.ProcedureId)
            .Select(i => new { i.HearingSession!.HeldOn, i.HearingSession.DxTeamMembers, i.HearingSession.RecordedByName, i.OutcomeNote })
            .ToListAsync();
        return SqlBaselines.PageAnswer(p.History.Count, p.Objections.Count, p.Volumes.Count, hearings.Count);
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
