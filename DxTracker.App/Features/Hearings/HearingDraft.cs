using DxTracker.App.Features.Procedures;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;

namespace DxTracker.App.Features.Hearings;

/// <summary>What the hearing form holds while the user types; kept as is when a save is refused.</summary>
public sealed class HearingDraft
{
    public int? DepartmentId { get; set; }
    public DateTime? HeldOn { get; set; }
    public string DepartmentAttendees { get; set; } = "";
    public string DxTeamMembers { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<DraftItem> Items { get; } = [];
    public List<DraftFollowUp> FollowUps { get; } = [];

    public HearingInput ToInput() => new(
        DepartmentId ?? 0,
        DateOnly.FromDateTime(HeldOn ?? DateTime.Today),
        DepartmentAttendees,
        DxTeamMembers,
        Summary,
        Items.Select(i => i.ToInput()).ToList(),
        FollowUps.Select(f => new FollowUpInput(f.Description, f.OwnerUserId, DateOnly.FromDateTime(f.DueOn ?? DateTime.Today))).ToList());
}

/// <summary>One procedure in the form: an existing one (id, version, status as loaded) or a new one (code and name).</summary>
public sealed class DraftItem
{
    public int? ProcedureId { get; init; }
    public int? Version { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public ProcedureStatus Status { get; init; }
    /// <summary>What the national survey says about the procedure's linked counterpart (null: not linked, or new).</summary>
    public NationalFacts? National { get; init; }
    public string OutcomeNote { get; set; } = "";
    public ProcedureStatus? MoveTo { get; set; }
    public string OnlineFormUrl { get; set; } = "";
    public string ExemptReason { get; set; } = "";
    /// <summary>Record a new objection without a move into ObjectionRaised (which always records one).</summary>
    public bool RaiseObjection { get; set; }
    public ObjectionCategory? Category { get; set; }
    /// <summary>課題の根拠: the rule behind the new objection (optional).</summary>
    public InPersonRequirement? ObjectionSource { get; set; }
    public string ObjectionDescription { get; set; } = "";
    public string Rebuttal { get; set; } = "";
    /// <summary>在宅勤務可否 as heard (only its telework part is used), starting from the stored answer.</summary>
    public ProcedureForm Profile { get; init; } = new();

    public bool NeedsObjection => MoveTo == ProcedureStatus.ObjectionRaised || RaiseObjection;

    public bool MissingCategory => NeedsObjection && Category is null;

    public HearingProcedureInput ToInput() => new()
    {
        ProcedureId = ProcedureId,
        ExpectedVersion = Version,
        NewProcedure = ProcedureId is null ? new ProcedureFields { Code = Code, Name = Name } : null,
        OutcomeNote = OutcomeNote,
        MoveTo = MoveTo,
        OnlineFormUrl = MoveTo == ProcedureStatus.Digitized ? OnlineFormUrl : null,
        ExemptReason = MoveTo == ProcedureStatus.Exempt ? ExemptReason : null,
        // The form refuses a missing category before saving (MissingCategory); a move into ObjectionRaised without one is refused by the domain.
        Objection = NeedsObjection && Category is { } category ? new NewObjection(category, ObjectionDescription, Rebuttal, ObjectionSource) : null,
        Telework = Profile.ToTelework(),
    };
}

public sealed class DraftFollowUp
{
    public string Description { get; set; } = "";
    public string? OwnerUserId { get; set; }
    public DateTime? DueOn { get; set; }
}
