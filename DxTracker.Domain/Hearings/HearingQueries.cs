using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Hearings;

/// <summary>A row of the hearing list.</summary>
public sealed record HearingListRow(int Id, DateOnly HeldOn, int DepartmentId, string DepartmentName, string Summary, int Items, int OpenFollowUps, string RecordedByName);

public sealed record HearingHeader(int DepartmentId, string DepartmentName, DateOnly HeldOn, string DepartmentAttendees, string DxTeamMembers, string Summary, string RecordedByName, DateTime RecordedAtUtc);
public sealed record HearingItemRow(int ProcedureId, string Code, string Name, ProcedureStatus CurrentStatus, string OutcomeNote);
public sealed record HearingMoveRow(int ProcedureId, ProcedureStatus From, ProcedureStatus To, string ByName);
public sealed record HearingObjectionRow(int ProcedureId, ObjectionCategory Category, string Description, string? Rebuttal, ObjectionOutcome Outcome);

/// <summary>A recorded hearing as its page shows it: the session, its items, and the moves and objections it recorded.</summary>
public sealed record HearingRecord(HearingHeader Hearing, IReadOnlyList<HearingItemRow> Items, IReadOnlyList<HearingMoveRow> Moves, IReadOnlyList<HearingObjectionRow> Objections);

/// <summary>A procedure the hearing form offers to add.</summary>
public sealed record HearingProcedureOption(int Id, string Code, string Name, ProcedureStatus Status, int Version, string? NationalId, TeleworkAssessment Telework);

/// <summary>A user who may own a follow-up.</summary>
public sealed record FollowUpOwner(string Id, string DisplayName, Role Role);

/// <summary>The reads of the hearing pages (list, record, form): one context per call.</summary>
public sealed class HearingQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    public const int SearchResults = 20;

    /// <summary>One page of hearings, newest first, of one department or all; and the total.</summary>
    public async Task<(IReadOnlyList<HearingListRow> Rows, int Total)> ListAsync(int? departmentId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.HearingSessions.AsNoTracking();
        if (departmentId is { } department)
            query = query.Where(h => h.DepartmentId == department);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(h => h.HeldOn).ThenByDescending(h => h.Id)
            .Skip(skip).Take(take)
            .Select(h => new HearingListRow(h.Id, h.HeldOn, h.DepartmentId, h.Department!.Name, h.Summary, h.Items.Count,
                h.FollowUps.Count(f => f.DoneAtUtc == null), h.RecordedByName))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>One hearing as recorded; null when it does not exist.</summary>
    public async Task<HearingRecord?> RecordAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hearing = await db.HearingSessions.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new HearingHeader(h.DepartmentId, h.Department!.Name, h.HeldOn, h.DepartmentAttendees, h.DxTeamMembers, h.Summary, h.RecordedByName, h.RecordedAtUtc))
            .FirstOrDefaultAsync(ct);
        if (hearing is null)
            return null;
        var items = await db.HearingItems.AsNoTracking().Where(i => i.HearingSessionId == id).OrderBy(i => i.Id)
            .Select(i => new HearingItemRow(i.ProcedureId, i.Procedure!.Code, i.Procedure.Name, i.Procedure.Status, i.OutcomeNote))
            .ToListAsync(ct);
        var moves = await db.StatusChanges.AsNoTracking().Where(s => s.HearingSessionId == id).OrderBy(s => s.AtUtc).ThenBy(s => s.Id)
            .Select(s => new HearingMoveRow(s.ProcedureId, s.FromStatus, s.ToStatus, s.ByName))
            .ToListAsync(ct);
        var objections = await db.Objections.AsNoTracking().Where(o => o.HearingSessionId == id).OrderBy(o => o.Id)
            .Select(o => new HearingObjectionRow(o.ProcedureId, o.Category, o.Description, o.Rebuttal, o.Outcome))
            .ToListAsync(ct);
        return new HearingRecord(hearing, items, moves, objections);
    }

    /// <summary>Who may own a follow-up of a hearing with the department (<see cref="HearingService.EligibleOwners"/>):
    /// the department's head first, then the DX team, each by name.</summary>
    public async Task<List<FollowUpOwner>> OwnersAsync(int departmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var eligible = HearingService.EligibleOwners(db, departmentId).Select(u => u.Id);
        var owners = await Actors.WithRole(db).Where(x => eligible.Contains(x.User.Id))
            .Select(x => new { x.User.Id, x.User.DisplayName, x.RoleName })
            .ToListAsync(ct);
        return owners.Select(o => Actors.ParseRole(o.RoleName) is { } role ? new FollowUpOwner(o.Id, o.DisplayName, role) : null).OfType<FollowUpOwner>()
            .OrderBy(o => o.Role == Role.DxTeam).ThenBy(o => o.DisplayName).ToList();
    }

    /// <summary>The department's procedures whose code or name contains <paramref name="term"/> (all when blank), except
    /// <paramref name="excluded"/>: the first <see cref="SearchResults"/> in code order.</summary>
    public async Task<List<HearingProcedureOption>> SearchProceduresAsync(int departmentId, IReadOnlyCollection<int> excluded, string? term, CancellationToken ct = default)
    {
        var text = term?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Procedures.AsNoTracking()
            .Where(p => p.DepartmentId == departmentId && !excluded.Contains(p.Id))
            .Where(p => text == "" || p.Name.Contains(text) || p.Code.Contains(text))
            .OrderBy(p => p.Code)
            .Take(SearchResults)
            .Select(p => new HearingProcedureOption(p.Id, p.Code, p.Name, p.Status, p.Version, p.NationalProcedureId, new TeleworkAssessment(p.Telework, p.TeleworkBarriers, p.TeleworkOtherReason)))
            .ToListAsync(ct);
    }
}
