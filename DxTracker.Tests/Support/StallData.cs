using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Support;

/// <summary>Procedures, moves and hearings written through the domain's own methods, at chosen instants.</summary>
public static class StallData
{
    /// <summary>A procedure created at <paramref name="createdUtc"/> and, unless NotConsidered, moved to <paramref name="status"/> then.</summary>
    public static async Task<int> AddProcedureAsync(IDbContextFactory<DxDbContext> factory, int departmentId, Actor dx, DateTime createdUtc,
        ProcedureStatus status = ProcedureStatus.NotConsidered, string? name = null)
    {
        await using var db = await factory.CreateDbContextAsync();
        var code = "P-" + Guid.NewGuid().ToString("N")[..10];
        var procedure = Procedure.Create(departmentId, new ProcedureFields { Code = code, Name = name ?? "住民票の写しの交付申請 " + code }, dx, createdUtc);
        if (status != ProcedureStatus.NotConsidered)
            procedure.MoveTo(status, dx, createdUtc, Details(status));
        db.Procedures.Add(procedure);
        await db.SaveChangesAsync();
        return procedure.Id;
    }

    public static async Task MoveAsync(IDbContextFactory<DxDbContext> factory, int procedureId, Actor dx, ProcedureStatus status, DateTime atUtc)
    {
        await using var db = await factory.CreateDbContextAsync();
        var procedure = await db.Procedures.Include(p => p.Objections).SingleAsync(p => p.Id == procedureId);
        procedure.MoveTo(status, dx, atUtc, Details(status));
        await db.SaveChangesAsync();
    }

    /// <summary>A hearing with the department on <paramref name="heldOn"/> and one follow-up per due date; returns the follow-ups' ids.</summary>
    public static async Task<List<int>> AddHearingAsync(IDbContextFactory<DxDbContext> factory, int departmentId, DateOnly heldOn, params DateOnly[] followUpsDue)
    {
        await using var db = await factory.CreateDbContextAsync();
        var hearing = new HearingSession { DepartmentId = departmentId, HeldOn = heldOn, Summary = "ヒアリング" };
        hearing.FollowUps.AddRange(followUpsDue.Select(due => new FollowUpAction { Description = "申請様式の見直し案を提出", DueOn = due }));
        db.HearingSessions.Add(hearing);
        await db.SaveChangesAsync();
        return hearing.FollowUps.Select(f => f.Id).ToList();
    }

    private static MoveDetails Details(ProcedureStatus status) => status switch
    {
        ProcedureStatus.ObjectionRaised => new MoveDetails(Objection: new NewObjection(ObjectionCategory.Seal, "押印が条例で必要")),
        ProcedureStatus.Digitized => new MoveDetails(OnlineFormUrl: "https://example.jp/form"),
        ProcedureStatus.Exempt => new MoveDetails(ExemptReason: "対面での確認が必要"),
        _ => new MoveDetails(),
    };
}
