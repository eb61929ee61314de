using DxTracker.Domain.Hearings;

namespace DxTracker.Domain.Procedures;

/// <summary>状態変更履歴: one transition, append-only.</summary>
public sealed class StatusChange
{
    public long Id { get; private set; }
    public int ProcedureId { get; private set; }
    public ProcedureStatus FromStatus { get; private set; }
    public ProcedureStatus ToStatus { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string ByUserId { get; private set; } = "";
    public string ByName { get; private set; } = "";
    public string? Comment { get; private set; }
    public int? HearingSessionId { get; private set; }
    public HearingSession? HearingSession { get; private set; }

    /// <summary>When an inventory import wrote this move (by <see cref="ByName"/>); null for a move made in the tracker.
    /// An imported move may be dated (<see cref="AtUtc"/>) before the import: when it really happened, from the sheet.</summary>
    public DateTime? ImportedAtUtc { get; private set; }

    private StatusChange() { }

    internal StatusChange(ProcedureStatus from, ProcedureStatus to, DateTime atUtc, string byUserId, string byName, string? comment, HearingSession? hearing, DateTime? importedAtUtc = null)
    {
        ImportedAtUtc = importedAtUtc;
        FromStatus = from;
        ToStatus = to;
        AtUtc = atUtc;
        ByUserId = byUserId;
        ByName = byName;
        Comment = comment;
        HearingSession = hearing;
        HearingSessionId = hearing?.Id is > 0 ? hearing.Id : null;
    }
}
