using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Hearings;

/// <summary>What the hearing form sends: the meeting, the procedures discussed, the follow-ups agreed.</summary>
public sealed record HearingInput(
    int DepartmentId,
    DateOnly HeldOn,
    string? DepartmentAttendees,
    string? DxTeamMembers,
    string? Summary,
    IReadOnlyList<HearingProcedureInput> Procedures,
    IReadOnlyList<FollowUpInput> FollowUps);

/// <summary>One procedure discussed: an existing one (<see cref="ProcedureId"/>, with the version the form saw) or a
/// new one (<see cref="NewProcedure"/>); an outcome note; optionally a move and/or a new objection (with rebuttal).
/// For a move into ObjectionRaised the objection is the one the move needs.</summary>
public sealed record HearingProcedureInput
{
    public int? ProcedureId { get; init; }
    public int? ExpectedVersion { get; init; }
    public ProcedureFields? NewProcedure { get; init; }
    public string? OutcomeNote { get; init; }
    public ProcedureStatus? MoveTo { get; init; }
    public string? OnlineFormUrl { get; init; }
    public string? ExemptReason { get; init; }
    public NewObjection? Objection { get; init; }
    /// <summary>在宅勤務可否 as heard; null leaves it as it is.</summary>
    public TeleworkAssessment? Telework { get; init; }
}

public sealed record FollowUpInput(string? Description, string? OwnerUserId, DateOnly DueOn);

/// <summary>One reason a hearing could not be saved; <see cref="ProcedureCode"/> names the procedure when it is about one.</summary>
public sealed record HearingProblem(string? ProcedureCode, string? ProcedureName, int? FollowUpNumber, string Reason)
{
    public string Text =>
        ProcedureCode is not null ? DomainText.Format("Error_" + DomainError.HearingProcedureProblem, ProcedureCode, ProcedureName ?? "", Reason)
        : FollowUpNumber is { } n ? DomainText.Format("Error_" + DomainError.HearingFollowUpProblem, n, Reason)
        : Reason;
}

/// <summary>The hearing was refused as a whole: nothing was saved. <see cref="Problems"/> lists every reason.</summary>
public sealed class HearingException(IReadOnlyList<HearingProblem> problems)
    : DomainException(DomainError.HearingRefused, string.Join(" ", problems.Select(p => p.Text)))
{
    public IReadOnlyList<HearingProblem> Problems { get; } = problems;
}

/// <summary>The DX team's hearing write path: one save per hearing, all or nothing; and the follow-up actions.</summary>
public sealed class HearingService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit, ILogger<HearingService> logger)
{
    public const int AttendeesMaxLength = 1000;
    public const int SummaryMaxLength = 8000;
    public const int OutcomeNoteMaxLength = 4000;
    public const int FollowUpMaxLength = 2000;

    /// <summary>Users who may own a follow-up of a hearing with the department: the DX team and the department's head.</summary>
    public static IQueryable<AppUser> EligibleOwners(DxDbContext db, int departmentId)
    {
        var dxTeam = Actors.InRole(db, Role.DxTeam);
        var heads = Actors.InRole(db, Role.DepartmentHead);
        return db.Users.Where(u => dxTeam.Any(x => x.Id == u.Id) || (u.DepartmentId == departmentId && heads.Any(x => x.Id == u.Id)));
    }

    /// <summary>Records a hearing with its items, moves, objections and follow-ups in one SaveChanges. DxTeam only.
    /// Every item is checked; if any fails, nothing is saved and a <see cref="HearingException"/> lists them all.
    /// Returns the new hearing's id.</summary>
    public Task<int> RecordHearingAsync(string userId, HearingInput input, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Hearing of department {input.DepartmentId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadAsync(db, userId, ct);
            if (!actor.IsDxTeam)
            {
                logger.LogWarning("Refused hearing for department {DepartmentId} by {UserId} ({Role})", input.DepartmentId, actor.UserId, actor.Role);
                throw new AccessDeniedException(DomainError.NotPermitted);
            }
            if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, ct))
                throw new DomainException(DomainError.NotFound);

            var now = clock.GetUtcNow().UtcDateTime;
            var problems = new List<HearingProblem>();
            var hearing = new HearingSession
            {
                DepartmentId = input.DepartmentId,
                HeldOn = input.HeldOn,
                RecordedAtUtc = now,
                RecordedByName = actor.DisplayName,
            };
            Check(problems, null, null, null, () =>
            {
                hearing.DepartmentAttendees = Text.Optional(input.DepartmentAttendees, AttendeesMaxLength) ?? "";
                hearing.DxTeamMembers = Text.Optional(input.DxTeamMembers, AttendeesMaxLength) ?? "";
                hearing.Summary = Text.Optional(input.Summary, SummaryMaxLength) ?? "";
            });

            var ids = input.Procedures.Select(p => p.ProcedureId).OfType<int>().ToList();
            var procedures = await db.Procedures.Include(p => p.Objections).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var newCodes = input.Procedures.Select(p => p.NewProcedure?.Code?.Trim()).OfType<string>().ToList();
            var takenCodes = await db.Procedures.Where(p => newCodes.Contains(p.Code)).Select(p => p.Code).ToListAsync(ct);
            var seen = new HashSet<int>();
            foreach (var item in input.Procedures)
            {
                var existing = item.ProcedureId is { } id ? procedures.GetValueOrDefault(id) : null;
                var code = existing?.Code ?? item.NewProcedure?.Code?.Trim() ?? "?";
                var name = existing?.Name ?? item.NewProcedure?.Name?.Trim();
                Check(problems, code, name, null, () =>
                {
                    var procedure = existing is not null ? CheckExisting(existing, item, input.DepartmentId, seen)
                        : item.ProcedureId is not null ? throw new DomainException(DomainError.NotFound)
                        : CreateNew(db, item, input.DepartmentId, actor, now, takenCodes);
                    hearing.Items.Add(new HearingItem { Procedure = procedure, OutcomeNote = Text.Optional(item.OutcomeNote, OutcomeNoteMaxLength) ?? "" });
                    if (item.Telework is { } telework)
                        procedure.AssessTelework(telework, actor, now);
                    if (item.Objection is { } raised && item.MoveTo != ProcedureStatus.ObjectionRaised)
                        procedure.RaiseObjection(raised, actor, now, hearing);
                    if (item.MoveTo is { } target)
                        procedure.MoveTo(target, actor, now, new MoveDetails(
                            Comment: item.OutcomeNote,
                            OnlineFormUrl: item.OnlineFormUrl,
                            ExemptReason: item.ExemptReason,
                            Objection: target == ProcedureStatus.ObjectionRaised ? item.Objection : null,
                            Hearing: hearing));
                });
            }

            var ownerIds = input.FollowUps.Select(f => f.OwnerUserId).OfType<string>().Distinct().ToList();
            var eligible = await EligibleOwners(db, input.DepartmentId).Where(u => ownerIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            for (var i = 0; i < input.FollowUps.Count; i++)
            {
                var followUp = input.FollowUps[i];
                Check(problems, null, null, i + 1, () =>
                {
                    var description = Text.Required(followUp.Description, FollowUpMaxLength, DomainError.FollowUpDescriptionRequired);
                    if (followUp.OwnerUserId is null || !eligible.Contains(followUp.OwnerUserId))
                        throw new DomainException(DomainError.FollowUpOwnerInvalid);
                    hearing.FollowUps.Add(new FollowUpAction { Description = description, OwnerUserId = followUp.OwnerUserId, DueOn = followUp.DueOn });
                });
            }

            if (problems.Count > 0)
            {
                logger.LogInformation("Hearing for department {DepartmentId} refused: {Count} problem(s)", input.DepartmentId, problems.Count);
                throw new HearingException(problems);
            }
            db.HearingSessions.Add(hearing);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException e)
            {
                var changed = e.Entries.Select(x => x.Entity).OfType<Procedure>().FirstOrDefault();
                var latest = changed is null ? null : await db.Procedures.AsNoTracking().Where(p => p.Id == changed.Id)
                    .Select(p => new { p.UpdatedByName, p.UpdatedAtUtc }).FirstOrDefaultAsync(ct);
                throw new ConcurrencyConflictException(latest?.UpdatedByName, latest?.UpdatedAtUtc);
            }
            return hearing.Id;
        });

    /// <summary>Marks a follow-up done. DxTeam, or its owner while still heading the hearing's department.</summary>
    public Task MarkFollowUpDoneAsync(string userId, int followUpId, CancellationToken ct = default) =>
        ChangeFollowUpAsync(userId, followUpId, (f, actor, now) => f.MarkDone(actor, now), ct);

    /// <summary>Opens a done follow-up again. DxTeam, or its owner while still heading the hearing's department.</summary>
    public Task ReopenFollowUpAsync(string userId, int followUpId, CancellationToken ct = default) =>
        ChangeFollowUpAsync(userId, followUpId, (f, actor, _) => f.Reopen(actor), ct);

    /// <summary>Today's date in Japan, for due dates.</summary>
    public DateOnly TodayInJapan() => DateOnly.FromDateTime(FiscalYear.ToJapan(clock.GetUtcNow().UtcDateTime));

    private Task ChangeFollowUpAsync(string userId, int followUpId, Action<FollowUpAction, Actor, DateTime> change, CancellationToken ct) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Follow-up {followUpId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadAsync(db, userId, ct);
            var followUp = await db.FollowUpActions.Include(f => f.HearingSession).FirstOrDefaultAsync(f => f.Id == followUpId, ct)
                ?? throw new DomainException(DomainError.NotFound);
            try
            {
                change(followUp, actor, clock.GetUtcNow().UtcDateTime);
            }
            catch (AccessDeniedException e)
            {
                logger.LogWarning("Refused change of follow-up {FollowUpId} by {UserId} ({Role}): {Error}", followUpId, actor.UserId, actor.Role, e.Error);
                throw;
            }
            await db.SaveChangesAsync(ct);
        });

    private static Procedure CheckExisting(Procedure procedure, HearingProcedureInput item, int departmentId, HashSet<int> seen)
    {
        if (!seen.Add(procedure.Id))
            throw new DomainException(DomainError.HearingProcedureTwice);
        if (procedure.DepartmentId != departmentId)
            throw new DomainException(DomainError.ProcedureNotInDepartment);
        if (item.ExpectedVersion is { } version && version != procedure.Version)
            throw new ConcurrencyConflictException(procedure.UpdatedByName, procedure.UpdatedAtUtc);
        return procedure;
    }

    private static Procedure CreateNew(DxDbContext db, HearingProcedureInput item, int departmentId, Actor actor, DateTime now, List<string> takenCodes)
    {
        var fields = item.NewProcedure ?? throw new DomainException(DomainError.HearingProcedureMissing);
        var procedure = Procedure.Create(departmentId, fields, actor, now);
        if (takenCodes.Contains(procedure.Code))
            throw new DomainException(DomainError.DuplicateCode, procedure.Code);
        takenCodes.Add(procedure.Code);
        db.Procedures.Add(procedure);
        return procedure;
    }

    /// <summary>Runs one part of the hearing; a refusal becomes a problem naming the part, and the loop goes on.</summary>
    private static void Check(List<HearingProblem> problems, string? code, string? name, int? followUpNumber, Action part)
    {
        try
        {
            part();
        }
        catch (DomainException e)
        {
            problems.Add(new HearingProblem(code, name, followUpNumber, e.Message));
        }
    }
}
