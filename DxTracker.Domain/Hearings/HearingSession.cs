using System.Linq.Expressions;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;

namespace DxTracker.Domain.Hearings;

/// <summary>ヒアリング: one meeting of the DX team with a department.</summary>
public sealed class HearingSession
{
    public int Id { get; set; }
    public int DepartmentId { get; set; }
    public Department? Department { get; set; }
    /// <summary>The day of the meeting (a calendar date in Japan).</summary>
    public DateOnly HeldOn { get; set; }
    public string DepartmentAttendees { get; set; } = "";
    public string DxTeamMembers { get; set; } = "";
    public string Summary { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
    public string RecordedByName { get; set; } = "";
    public List<HearingItem> Items { get; } = [];
    public List<FollowUpAction> FollowUps { get; } = [];
}

/// <summary>One procedure discussed in a hearing, with its outcome note.</summary>
public sealed class HearingItem
{
    public int Id { get; set; }
    public int HearingSessionId { get; set; }
    public HearingSession? HearingSession { get; set; }
    public int ProcedureId { get; set; }
    public Procedure? Procedure { get; set; }
    public string OutcomeNote { get; set; } = "";
}

/// <summary>A follow-up action agreed in a hearing.</summary>
public sealed class FollowUpAction
{
    public int Id { get; set; }
    public int HearingSessionId { get; set; }
    public HearingSession? HearingSession { get; set; }
    public string Description { get; set; } = "";
    public string? OwnerUserId { get; set; }
    public AppUser? Owner { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? DoneAtUtc { get; set; }

    public bool IsDone => DoneAtUtc is not null;

    /// <summary>Marks the action done (keeps the first done time if it already was). DxTeam or the owner (see <see cref="EnsureMayComplete"/>).</summary>
    public void MarkDone(Actor actor, DateTime utcNow)
    {
        EnsureMayComplete(actor);
        DoneAtUtc ??= utcNow;
    }

    /// <summary>Opens a done action again. DxTeam or the owner (see <see cref="EnsureMayComplete"/>).</summary>
    public void Reopen(Actor actor)
    {
        EnsureMayComplete(actor);
        DoneAtUtc = null;
    }

    /// <summary>Past due and not done, on the Japanese calendar day <paramref name="today"/>.</summary>
    public static bool IsOverdue(DateOnly dueOn, DateTime? doneAtUtc, DateOnly today) => doneAtUtc is null && dueOn < today;

    /// <summary><see cref="IsOverdue"/> as an SQL predicate, for queries.</summary>
    public static Expression<Func<FollowUpAction, bool>> OverdueOn(DateOnly today) => f => f.DoneAtUtc == null && f.DueOn < today;

    /// <summary>DxTeam, or the owner while they may still write in the hearing's department (not once made Manager or
    /// moved to another department). Needs <see cref="HearingSession"/> loaded.</summary>
    private void EnsureMayComplete(Actor actor)
    {
        if (actor.IsDxTeam)
            return;
        var departmentId = HearingSession?.DepartmentId ?? throw new InvalidOperationException("Load the follow-up with its hearing.");
        if (actor.UserId != OwnerUserId || !actor.MayWriteIn(departmentId))
            throw new AccessDeniedException(DomainError.NotPermitted);
    }
}
