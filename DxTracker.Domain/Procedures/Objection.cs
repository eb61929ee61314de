using DxTracker.Domain.Hearings;

namespace DxTracker.Domain.Procedures;

/// <summary>課題・異議: a department's reason why a procedure "cannot" go online, with the DX team's rebuttal (対応策).</summary>
public sealed class Objection
{
    public const int MaxTextLength = 4000;

    public int Id { get; private set; }
    public int ProcedureId { get; private set; }
    public Procedure? Procedure { get; private set; }
    public ObjectionCategory Category { get; private set; }
    /// <summary>The rule behind the objection (法律・政令 / 条例 / 規則・要綱 / 慣行); null when not known (objections raised before
    /// it was recorded). Never <see cref="InPersonRequirement.NotRequired"/>: <see cref="Profile.OwnerOf"/> sorts it.</summary>
    public InPersonRequirement? Source { get; private set; }
    public string Description { get; private set; } = "";
    public string RaisedByUserId { get; private set; } = "";
    public string RaisedByName { get; private set; } = "";
    public DateTime RaisedAtUtc { get; private set; }
    public string? Rebuttal { get; private set; }
    public string? RebuttalByName { get; private set; }
    public DateTime? RebuttalAtUtc { get; private set; }
    public ObjectionOutcome Outcome { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }
    public string? ClosedByName { get; private set; }
    public int? HearingSessionId { get; private set; }
    public HearingSession? HearingSession { get; private set; }

    public bool IsOpen => Outcome == ObjectionOutcome.Open;

    private Objection() { }

    internal Objection(ObjectionCategory category, string description, InPersonRequirement? source, Actor actor, DateTime utcNow, HearingSession? hearing)
    {
        Category = category;
        SetSource(source);
        Description = Text.Required(description, MaxTextLength, DomainError.ObjectionDescriptionRequired);
        RaisedByUserId = actor.UserId;
        RaisedByName = actor.DisplayName;
        RaisedAtUtc = utcNow;
        Outcome = ObjectionOutcome.Open;
        HearingSession = hearing;
    }

    internal void SetSource(InPersonRequirement? source) =>
        Source = source == InPersonRequirement.NotRequired ? throw new DomainException(DomainError.ObjectionSourceNotARule) : source;

    internal void WriteRebuttal(string rebuttal, Actor actor, DateTime utcNow)
    {
        Rebuttal = Text.Required(rebuttal, MaxTextLength, DomainError.RebuttalRequired);
        RebuttalByName = actor.DisplayName;
        RebuttalAtUtc = utcNow;
    }

    internal void Close(ObjectionOutcome outcome, Actor actor, DateTime utcNow)
    {
        if (!IsOpen)
            throw new DomainException(DomainError.ObjectionAlreadyClosed);
        if (outcome == ObjectionOutcome.Open)
            throw new DomainException(DomainError.ObjectionOutcomeRequired);
        Outcome = outcome;
        ClosedAtUtc = utcNow;
        ClosedByName = actor.DisplayName;
    }
}
