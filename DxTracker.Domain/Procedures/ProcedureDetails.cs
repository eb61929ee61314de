using DxTracker.Domain.Data;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Procedures;

public enum TimelineKind
{
    StatusChanged,
    ObjectionRaised,
    RebuttalWritten,
    ObjectionClosed,
    Hearing,
}

/// <summary>One entry of a procedure's timeline: a status change, an objection's life, or a hearing that discussed it.
/// <see cref="ImportedAtUtc"/>: a status change an inventory import wrote (by <see cref="By"/>) at that moment.</summary>
public sealed record TimelineEvent(
    TimelineKind Kind,
    DateTime AtUtc,
    string? By,
    string? Text,
    ProcedureStatus? From = null,
    ProcedureStatus? To = null,
    ObjectionCategory? Category = null,
    ObjectionOutcome? Outcome = null,
    DateOnly? HeldOn = null,
    DateTime? ImportedAtUtc = null);

/// <summary>Everything the procedure page shows, read untracked in one short context.</summary>
public sealed record ProcedureDetails(
    int Id,
    int DepartmentId,
    string DepartmentName,
    string DivisionName,
    ProcedureStatus Status,
    DateTime StatusChangedAtUtc,
    string? ExemptReason,
    ProcedureFields Fields,
    int Version,
    DateTime UpdatedAtUtc,
    string UpdatedByName,
    IReadOnlyList<Objection> Objections,
    IReadOnlyList<ProcedureVolume> Volumes,
    IReadOnlyList<TimelineEvent> Timeline)
{
    public bool HasOpenObjection => Objections.Any(o => o.IsOpen);

    /// <summary>Why the DX team keeps the procedure off the public lists; null = published.</summary>
    public string? PublicationWithheldReason { get; init; }

    /// <summary>Loads the procedure with its objections, volumes (newest year first) and timeline (newest first); null if it does not exist.</summary>
    public static async Task<ProcedureDetails?> LoadAsync(DxDbContext db, int procedureId, CancellationToken ct = default)
    {
        // Four statements instead of five: the procedure with its department, division and (few) objections as one single
        // query; the volumes and the history each read straight by ProcedureId (a split Include repeats the procedure's
        // joins in every statement; a single query over three collections would multiply their rows).
        var p = await db.Procedures.AsNoTracking().AsSingleQuery()
            .Include(x => x.Department!).ThenInclude(d => d.Division)
            .Include(x => x.Objections)
            .FirstOrDefaultAsync(x => x.Id == procedureId, ct);
        if (p is null)
            return null;
        var volumes = await db.ProcedureVolumes.AsNoTracking().Where(v => v.ProcedureId == procedureId).OrderByDescending(v => v.FiscalYear).ToListAsync(ct);
        var history = await db.StatusChanges.AsNoTracking().Where(s => s.ProcedureId == procedureId).ToListAsync(ct);
        var hearings = await db.HearingItems.AsNoTracking()
            .Where(i => i.ProcedureId == procedureId)
            .Select(i => new { i.HearingSession!.HeldOn, i.HearingSession.DxTeamMembers, i.HearingSession.RecordedByName, i.OutcomeNote })
            .ToListAsync(ct);

        var timeline = new List<TimelineEvent>();
        timeline.AddRange(history.Select(h => new TimelineEvent(TimelineKind.StatusChanged, h.AtUtc, h.ByName, h.Comment, h.FromStatus, h.ToStatus, ImportedAtUtc: h.ImportedAtUtc)));
        foreach (var o in p.Objections)
        {
            timeline.Add(new TimelineEvent(TimelineKind.ObjectionRaised, o.RaisedAtUtc, o.RaisedByName, o.Description, Category: o.Category));
            if (o.RebuttalAtUtc is { } rebuttalAt)
                timeline.Add(new TimelineEvent(TimelineKind.RebuttalWritten, rebuttalAt, o.RebuttalByName, o.Rebuttal, Category: o.Category));
            if (o.ClosedAtUtc is { } closedAt)
                timeline.Add(new TimelineEvent(TimelineKind.ObjectionClosed, closedAt, o.ClosedByName, null, Category: o.Category, Outcome: o.Outcome));
        }
        timeline.AddRange(hearings.Select(h => new TimelineEvent(TimelineKind.Hearing,
            h.HeldOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - FiscalYear.JapanOffset,
            string.IsNullOrWhiteSpace(h.DxTeamMembers) ? h.RecordedByName : h.DxTeamMembers, h.OutcomeNote, HeldOn: h.HeldOn)));

        return new ProcedureDetails(p.Id, p.DepartmentId, p.Department!.Name, p.Department.Division?.Name ?? "", p.Status, p.StatusChangedAtUtc,
            p.ExemptReason, p.Fields, p.Version, p.UpdatedAtUtc, p.UpdatedByName,
            p.Objections.OrderByDescending(o => o.IsOpen).ThenByDescending(o => o.RaisedAtUtc).ToList(),
            volumes,
            timeline.OrderByDescending(e => e.AtUtc).ToList())
        {
            PublicationWithheldReason = p.PublicationWithheldReason,
        };
    }
}
