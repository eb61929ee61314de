using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Domain.Procedures;

/// <summary>The one transition table (docs/DOMAIN.md#status-workflow), and who may make each move.</summary>
public static class Workflow
{
    private static readonly Dictionary<ProcedureStatus, ProcedureStatus[]> Moves = new()
    {
        [NotConsidered] = [UnderReview, ObjectionRaised, InProgress],
        [UnderReview] = [ObjectionRaised, InProgress, Exempt],
        [ObjectionRaised] = [UnderReview, InProgress, Exempt],
        [InProgress] = [Digitized, ObjectionRaised],
        [Digitized] = [InProgress],
        [Exempt] = [UnderReview],
    };

    /// <summary>Statuses in which a procedure is still being worked on (reminders look at these).</summary>
    public static IReadOnlyList<ProcedureStatus> Active { get; } = [NotConsidered, UnderReview, ObjectionRaised, InProgress];

    public static IReadOnlyList<ProcedureStatus> AllowedTargets(ProcedureStatus from) => Moves[from];

    public static bool IsAllowed(ProcedureStatus from, ProcedureStatus to) => Moves[from].Contains(to);

    /// <summary>Exempting, withdrawing a form (Digitized→InProgress) and reopening (Exempt→UnderReview) are DxTeam's alone.</summary>
    public static bool IsDxTeamOnly(ProcedureStatus from, ProcedureStatus to) =>
        to == Exempt || from is Digitized or Exempt;

    /// <summary>The moves this actor may make on a procedure of the given department (what a move dialog offers).</summary>
    public static IReadOnlyList<ProcedureStatus> TargetsFor(ProcedureStatus from, Actor actor, int departmentId) =>
        actor.MayWriteIn(departmentId)
            ? Moves[from].Where(to => actor.IsDxTeam || !IsDxTeamOnly(from, to)).ToList()
            : [];
}
