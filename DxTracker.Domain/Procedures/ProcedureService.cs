using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Procedures;

/// <summary>Writes to procedures, one method per user intention. Each re-reads the actor from the database, opens one
/// context, loads, lets the entity apply its rules, and saves once. A save from a stale copy raises
/// <see cref="ConcurrencyConflictException"/> naming who saved last and when; a code already in use, a
/// <see cref="DomainException"/> (<see cref="DomainError.DuplicateCode"/>). A refusal by role or department is audited.</summary>
public sealed class ProcedureService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit)
{
    public Task<int> MoveStatusAsync(string userId, int procedureId, int expectedVersion, ProcedureStatus target, MoveDetails details, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.MoveTo(target, actor, now, details), ct);

    public Task<int> UpdateAsync(string userId, int procedureId, int expectedVersion, ProcedureFields fields, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.Update(fields, actor, now), ct);

    /// <summary>Sets (or clears with nulls) one fiscal year's total and online applications.</summary>
    public Task<int> SetVolumeAsync(string userId, int procedureId, int expectedVersion, int fiscalYear, long? total, long? online, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.SetVolume(fiscalYear, total, online, actor, now), ct);

    public Task<int> RaiseObjectionAsync(string userId, int procedureId, int expectedVersion, NewObjection objection, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.RaiseObjection(objection, actor, now), ct);

    public Task<int> WriteRebuttalAsync(string userId, int procedureId, int expectedVersion, int objectionId, string rebuttal, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.WriteRebuttal(objectionId, rebuttal, actor, now), ct);

    /// <summary>Sets (or clears) the rule behind an objection: DxTeam or the procedure's own DepartmentHead.</summary>
    public Task<int> SetObjectionSourceAsync(string userId, int procedureId, int expectedVersion, int objectionId, InPersonRequirement? source, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.SetObjectionSource(objectionId, source, actor, now), ct);

    public Task<int> CloseObjectionAsync(string userId, int procedureId, int expectedVersion, int objectionId, ObjectionOutcome outcome, CancellationToken ct = default) =>
        WriteAsync(userId, procedureId, expectedVersion, (p, actor, now) => p.CloseObjection(objectionId, outcome, actor, now), ct);

    /// <summary>Loads the procedure (with objections and volumes), checks the caller's copy is current, applies
    /// <paramref name="change"/>, saves. Returns the new version.</summary>
    private async Task<int> WriteAsync(string userId, int procedureId, int expectedVersion, Action<Procedure, Actor, DateTime> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Actor? actor = null;
        Procedure procedure;
        try
        {
            actor = await Actors.LoadAsync(db, userId, ct);
            procedure = await db.Procedures
                .Include(p => p.Objections)
                .Include(p => p.Volumes)
                .FirstOrDefaultAsync(p => p.Id == procedureId, ct)
                ?? throw new DomainException(DomainError.NotFound);
            if (procedure.Version != expectedVersion)
                throw new ConcurrencyConflictException(procedure.UpdatedByName, procedure.UpdatedAtUtc);
            var code = procedure.Code;
            change(procedure, actor, clock.GetUtcNow().UtcDateTime);
            // The code (手続ID) is unique in the office: say so rather than let the index refuse the save.
            if (procedure.Code != code && await db.Procedures.AnyAsync(p => p.Code == procedure.Code && p.Id != procedureId, ct))
                throw new DomainException(DomainError.DuplicateCode, procedure.Code);
        }
        catch (AccessDeniedException e)
        {
            await audit.RefusedAsync(userId, actor?.DisplayName, Text.Invariant($"Procedure {procedureId}"), e, CancellationToken.None);
            throw;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var latest = await db.Procedures.AsNoTracking().Where(p => p.Id == procedureId)
                .Select(p => new { p.UpdatedByName, p.UpdatedAtUtc }).FirstOrDefaultAsync(ct);
            throw new ConcurrencyConflictException(latest?.UpdatedByName, latest?.UpdatedAtUtc);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Someone took the code between the check above and this save.
            throw new DomainException(DomainError.DuplicateCode, procedure.Code);
        }
        return procedure.Version;
    }
}
