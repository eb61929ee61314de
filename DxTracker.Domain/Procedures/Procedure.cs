using DxTracker.Domain.Hearings;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Resources;

namespace DxTracker.Domain.Procedures;

/// <summary>What a status move needs besides the target: a comment, the URL for Digitized, the reason for Exempt,
/// a new objection for ObjectionRaised, the hearing it was decided in.</summary>
public sealed record MoveDetails(
    string? Comment = null,
    string? OnlineFormUrl = null,
    string? ExemptReason = null,
    NewObjection? Objection = null,
    HearingSession? Hearing = null,
    TeleworkAssessment? Telework = null);

/// <summary>在宅勤務可否 with its reasons, re-assessed when a procedure goes online (going online often frees the back office).</summary>
public sealed record TeleworkAssessment(Telework? Answer, TeleworkBarriers Barriers, string? OtherReason);

/// <summary>A new objection. <paramref name="Source"/>: the rule that stands behind it (法律・政令 / 条例 / 規則・要綱 / 慣行, the
/// scale of 対面要件's source), null when not known.</summary>
public sealed record NewObjection(ObjectionCategory Category, string Description, string? Rebuttal = null, InPersonRequirement? Source = null);

/// <summary>The editable fields of a procedure (everything but status, history and volumes).</summary>
public sealed record ProcedureFields
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? NationalProcedureId { get; init; }
    public string? LawName { get; init; }
    public string? LawArticle { get; init; }
    public AdministrativeCategory? AdministrativeCategory { get; init; }
    public IdentityCheck? IdentityCheck { get; init; }
    public bool? HasFee { get; init; }
    public string? Attachments { get; init; }
    public int? TargetFiscalYear { get; init; }
    public string? OnlineFormUrl { get; init; }
    public bool CounterTablet { get; init; }
    public bool SmartphoneClass { get; init; }
    public bool Translation { get; init; }
    public string? Notes { get; init; }
    public Telework? Telework { get; init; }
    public TeleworkBarriers TeleworkBarriers { get; init; }
    public string? TeleworkOtherReason { get; init; }
    public SealRequirement? Seal { get; init; }
    public DateOnly? SealAbolishedOn { get; init; }
    public int? AttachmentCount { get; init; }
    public int? AbolishedAttachmentCount { get; init; }
    public InPersonRequirement? InPerson { get; init; }
    public FeePaymentMethod? FeePayment { get; init; }
    public int? StandardProcessingDays { get; init; }
    public LifeEvents LifeEvents { get; init; }
}

/// <summary>手続: one procedure of the office. Owns its status: every move goes through <see cref="MoveTo"/>.</summary>
public sealed class Procedure
{
    public const int CodeMaxLength = 50;
    public const int NameMaxLength = 300;
    public const int LawMaxLength = 300;
    public const int UrlMaxLength = 2000;
    public const int LongTextMaxLength = 4000;

    private readonly List<StatusChange> _history = [];
    private readonly List<Objection> _objections = [];
    private readonly List<ProcedureVolume> _volumes = [];

    public int Id { get; private set; }
    public int DepartmentId { get; private set; }
    public Department? Department { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? NationalProcedureId { get; private set; }
    public string? LawName { get; private set; }
    public string? LawArticle { get; private set; }
    public AdministrativeCategory? AdministrativeCategory { get; private set; }
    public IdentityCheck? IdentityCheck { get; private set; }
    public bool? HasFee { get; private set; }
    public string? Attachments { get; private set; }
    public int? TargetFiscalYear { get; private set; }
    public string? OnlineFormUrl { get; private set; }
    public bool CounterTablet { get; private set; }
    public bool SmartphoneClass { get; private set; }
    public bool Translation { get; private set; }
    public string? Notes { get; private set; }
    public string? ExemptReason { get; private set; }

    // The profile (docs/DOMAIN.md#procedure-profile): telework, the BPR checklist, life events.
    public Telework? Telework { get; private set; }
    public TeleworkBarriers TeleworkBarriers { get; private set; }
    public string? TeleworkOtherReason { get; private set; }
    public SealRequirement? Seal { get; private set; }
    public DateOnly? SealAbolishedOn { get; private set; }
    public int? AttachmentCount { get; private set; }
    public int? AbolishedAttachmentCount { get; private set; }
    public InPersonRequirement? InPerson { get; private set; }
    public FeePaymentMethod? FeePayment { get; private set; }
    public int? StandardProcessingDays { get; private set; }
    public LifeEvents LifeEvents { get; private set; }

    /// <summary>Why the DX team keeps this procedure out of the publication table and the newly-online feed; null = published.</summary>
    public string? PublicationWithheldReason { get; private set; }
    public ProcedureStatus Status { get; private set; }
    public DateTime StatusChangedAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public string UpdatedByName { get; private set; } = "";

    /// <summary>App-managed concurrency token, incremented on every save (SQLite has no rowversion).</summary>
    public int Version { get; private set; }

    public IReadOnlyList<StatusChange> History => _history;
    public IReadOnlyList<Objection> Objections => _objections;
    public IReadOnlyList<ProcedureVolume> Volumes => _volumes;

    private Procedure() { }

    /// <summary>Creates a procedure in NotConsidered. DxTeam only. An inventory's first import may say it existed since an
    /// earlier moment (<paramref name="existedSinceUtc"/>: an inventory lists procedures that were there all along), never a
    /// later one than <paramref name="utcNow"/>.</summary>
    public static Procedure Create(int departmentId, ProcedureFields fields, Actor actor, DateTime utcNow, DateTime? existedSinceUtc = null)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        var since = existedSinceUtc is { } s && s < utcNow ? s : utcNow;
        var procedure = new Procedure
        {
            DepartmentId = departmentId,
            Status = ProcedureStatus.NotConsidered,
            StatusChangedAtUtc = since,
            CreatedAtUtc = since,
        };
        procedure.Apply(fields);
        procedure.Touch(actor, utcNow);
        return procedure;
    }

    /// <summary>Edits the fields. DxTeam, or the head of this procedure's department (all but the code).</summary>
    public void Update(ProcedureFields fields, Actor actor, DateTime utcNow)
    {
        EnsureMayWrite(actor);
        // The code (手続ID) identifies the procedure across the office (the inventory import matches on it): DxTeam only.
        if (!actor.IsDxTeam && fields.Code?.Trim() != Code)
            throw new AccessDeniedException(DomainError.CodeDxTeamOnly, Code);
        Apply(fields);
        Touch(actor, utcNow);
    }

    /// <summary>Sets 在宅勤務可否 and its reasons (a hearing records them); nothing changes when they are as stored. DxTeam, or
    /// the head of this procedure's department.</summary>
    public void AssessTelework(TeleworkAssessment telework, Actor actor, DateTime utcNow)
    {
        EnsureMayWrite(actor);
        var checkedTelework = CheckTelework(telework);
        if (checkedTelework == new TeleworkAssessment(Telework, TeleworkBarriers, TeleworkOtherReason))
            return;
        (Telework, TeleworkBarriers, TeleworkOtherReason) = (checkedTelework.Answer, checkedTelework.Barriers, checkedTelework.OtherReason);
        Touch(actor, utcNow);
    }

    /// <summary>Moves the procedure to another department. DxTeam only.</summary>
    public void AssignTo(int departmentId, Actor actor, DateTime utcNow)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        DepartmentId = departmentId;
        Touch(actor, utcNow);
    }

    /// <summary>The single way a status changes: checks the table, the actor and the preconditions, appends the StatusChange.</summary>
    public StatusChange MoveTo(ProcedureStatus next, Actor actor, DateTime utcNow, MoveDetails? details = null) =>
        Move(next, actor, utcNow, utcNow, importedAtUtc: null, details ?? new MoveDetails());

    /// <summary>A move made by an inventory import at <paramref name="importedAtUtc"/>, marked as imported (by the actor, at
    /// that moment). On a procedure's first import (not saved yet) the move may be dated when it really happened
    /// (<paramref name="happenedAtUtc"/>: 電子化日 / 状態変更日), never before the procedure existed or its previous move, never in
    /// the future; a saved procedure's history is never rewritten, so its moves are dated at the import.</summary>
    public StatusChange ImportMove(ProcedureStatus next, Actor actor, DateTime importedAtUtc, DateTime? happenedAtUtc, MoveDetails details)
    {
        var at = importedAtUtc;
        if (Id == 0 && happenedAtUtc is { } h)
        {
            if (h > importedAtUtc)
                throw new DomainException(DomainError.DateInFuture);
            at = h < StatusChangedAtUtc ? StatusChangedAtUtc : h;
        }
        return Move(next, actor, at, importedAtUtc, importedAtUtc, details);
    }

    private StatusChange Move(ProcedureStatus next, Actor actor, DateTime atUtc, DateTime utcNow, DateTime? importedAtUtc, MoveDetails details)
    {
        EnsureMayWrite(actor);
        if (!Workflow.IsAllowed(Status, next))
            throw new DomainException(DomainError.MoveNotAllowed,
                DomainText.Status(Status), DomainText.Status(next),
                string.Join(DomainText.Get("ListSeparator"), Workflow.AllowedTargets(Status).Select(DomainText.Status)));
        if (Workflow.IsDxTeamOnly(Status, next) && !actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.DxTeamOnlyMove, DomainText.Status(Status), DomainText.Status(next));

        var comment = Text.Optional(details.Comment, LongTextMaxLength);
        switch (next)
        {
            case ProcedureStatus.ObjectionRaised:
                if (details.Objection is { } raised)
                    RaiseObjection(raised, actor, utcNow, details.Hearing);
                if (!_objections.Any(o => o.IsOpen))
                    throw new DomainException(DomainError.ObjectionRequired);
                break;
            case ProcedureStatus.Digitized:
                var url = Text.Optional(details.OnlineFormUrl, UrlMaxLength) ?? OnlineFormUrl;
                if (url is null)
                    throw new DomainException(DomainError.UrlRequired);
                if (!Text.IsHttpUrl(url))
                    throw new DomainException(DomainError.UrlInvalid);
                var telework = details.Telework is { } t ? CheckTelework(t) : null;
                OnlineFormUrl = url;
                if (telework is { } reassessed)
                    (Telework, TeleworkBarriers, TeleworkOtherReason) = (reassessed.Answer, reassessed.Barriers, reassessed.OtherReason);
                break;
            case ProcedureStatus.Exempt:
                ExemptReason = Text.Required(details.ExemptReason, LongTextMaxLength, DomainError.ExemptReasonRequired);
                comment ??= ExemptReason;
                break;
        }
        if (Status == ProcedureStatus.Exempt)
            ExemptReason = null;

        var change = new StatusChange(Status, next, atUtc, actor.UserId, actor.DisplayName, comment, details.Hearing, importedAtUtc);
        _history.Add(change);
        Status = next;
        StatusChangedAtUtc = atUtc;
        Touch(actor, utcNow);
        return change;
    }

    /// <summary>Records a department's objection (with an optional rebuttal from DxTeam). Does not move the status.</summary>
    public Objection RaiseObjection(NewObjection raised, Actor actor, DateTime utcNow, HearingSession? hearing = null)
    {
        EnsureMayWrite(actor);
        var objection = new Objection(raised.Category, raised.Description, raised.Source, actor, utcNow, hearing);
        if (!string.IsNullOrWhiteSpace(raised.Rebuttal))
        {
            if (!actor.IsDxTeam)
                throw new AccessDeniedException(DomainError.NotPermitted);
            objection.WriteRebuttal(raised.Rebuttal, actor, utcNow);
        }
        _objections.Add(objection);
        Touch(actor, utcNow);
        return objection;
    }

    /// <summary>The DX team's answer to an objection. DxTeam only.</summary>
    public void WriteRebuttal(int objectionId, string rebuttal, Actor actor, DateTime utcNow) =>
        WriteRebuttal(FindObjection(objectionId), rebuttal, actor, utcNow);

    /// <summary>The DX team's answer to an objection of this procedure, given as the instance (also before it is saved
    /// and has an id). DxTeam only.</summary>
    public void WriteRebuttal(Objection objection, string rebuttal, Actor actor, DateTime utcNow)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        Own(objection).WriteRebuttal(rebuttal, actor, utcNow);
        Touch(actor, utcNow);
    }

    /// <summary>Sets (or clears) the rule behind an open objection of this procedure. DxTeam or the own DepartmentHead.</summary>
    public void SetObjectionSource(int objectionId, InPersonRequirement? source, Actor actor, DateTime utcNow)
    {
        EnsureMayWrite(actor);
        FindObjection(objectionId).SetSource(source);
        Touch(actor, utcNow);
    }

    /// <summary>Closes an objection as Countered (論破・解消) or Accepted (正当). DxTeam only.</summary>
    public void CloseObjection(int objectionId, ObjectionOutcome outcome, Actor actor, DateTime utcNow) =>
        CloseObjection(FindObjection(objectionId), outcome, actor, utcNow);

    /// <summary>Closes an objection of this procedure, given as the instance (also before it is saved). DxTeam only.</summary>
    public void CloseObjection(Objection objection, ObjectionOutcome outcome, Actor actor, DateTime utcNow)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        Own(objection).Close(outcome, actor, utcNow);
        Touch(actor, utcNow);
    }

    /// <summary>Sets (or clears with nulls) one fiscal year's volume. DxTeam or the own DepartmentHead.</summary>
    public void SetVolume(int fiscalYear, long? total, long? online, Actor actor, DateTime utcNow)
    {
        EnsureMayWrite(actor);
        if (fiscalYear is < 1989 or > 2100)
            throw new DomainException(DomainError.FiscalYearOutOfRange);
        var existing = _volumes.FirstOrDefault(v => v.FiscalYear == fiscalYear);
        if (existing is null)
            _volumes.Add(new ProcedureVolume(fiscalYear, total, online));
        else
            existing.Set(total, online);
        Touch(actor, utcNow);
    }

    /// <summary>Keeps the procedure out of every public list (publication table, newly online) with a reason. DxTeam only.</summary>
    public void WithholdFromPublication(string? reason, Actor actor, DateTime utcNow)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        PublicationWithheldReason = Text.Required(reason, LongTextMaxLength, DomainError.WithholdReasonRequired);
        Touch(actor, utcNow);
    }

    /// <summary>Publishes a withheld procedure again. DxTeam only.</summary>
    public void ReleaseForPublication(Actor actor, DateTime utcNow)
    {
        if (!actor.IsDxTeam)
            throw new AccessDeniedException(DomainError.NotPermitted);
        PublicationWithheldReason = null;
        Touch(actor, utcNow);
    }

    /// <summary>Whether a form URL would be accepted: absolute http(s). Forms check it before saving; the entity checks again.</summary>
    public static bool IsHttpUrl(string? value) => Text.IsHttpUrl(value?.Trim());

    /// <summary>Refuses a write by a Manager, or by a DepartmentHead of another department.</summary>
    public void EnsureMayWrite(Actor actor)
    {
        if (actor.MayWriteIn(DepartmentId))
            return;
        throw actor.Role == Role.DepartmentHead
            ? new AccessDeniedException(DomainError.OtherDepartment)
            : new AccessDeniedException(DomainError.NotPermitted);
    }

    private Objection Own(Objection objection) =>
        _objections.Contains(objection) ? objection : throw new DomainException(DomainError.ObjectionNotFound);

    private Objection FindObjection(int objectionId) =>
        _objections.FirstOrDefault(o => o.Id == objectionId)
        ?? throw new DomainException(DomainError.ObjectionNotFound);

    private void Apply(ProcedureFields f)
    {
        var url = Text.Optional(f.OnlineFormUrl, UrlMaxLength);
        if (url is not null && !Text.IsHttpUrl(url))
            throw new DomainException(DomainError.UrlInvalid);
        if (url is null && Status == ProcedureStatus.Digitized)
            throw new DomainException(DomainError.UrlRequired);
        if (f.TargetFiscalYear is < 1989 or > 2100)
            throw new DomainException(DomainError.FiscalYearOutOfRange);
        Code = Text.Required(f.Code, CodeMaxLength, DomainError.FieldRequired);
        Name = Text.Required(f.Name, NameMaxLength, DomainError.FieldRequired);
        NationalProcedureId = Text.Optional(f.NationalProcedureId, CodeMaxLength);
        LawName = Text.Optional(f.LawName, LawMaxLength);
        LawArticle = Text.Optional(f.LawArticle, LawMaxLength);
        AdministrativeCategory = f.AdministrativeCategory;
        IdentityCheck = f.IdentityCheck;
        HasFee = f.HasFee;
        Attachments = Text.Optional(f.Attachments, LongTextMaxLength);
        TargetFiscalYear = f.TargetFiscalYear;
        OnlineFormUrl = url;
        CounterTablet = f.CounterTablet;
        SmartphoneClass = f.SmartphoneClass;
        Translation = f.Translation;
        Notes = Text.Optional(f.Notes, LongTextMaxLength);
        ApplyProfile(f);
    }

    /// <summary>Reasons only when telework is 一部可 or 不可; "other" with its text, and the text only with "other". Returns the
    /// assessment with the text trimmed.</summary>
    private static TeleworkAssessment CheckTelework(TeleworkAssessment t)
    {
        var otherReason = Text.Optional(t.OtherReason, LongTextMaxLength);
        if (t.Barriers != TeleworkBarriers.None && t.Answer is not (Procedures.Telework.Partly or Procedures.Telework.NotPossible))
            throw new DomainException(DomainError.TeleworkBarriersNeedNotPossible);
        if (t.Barriers.HasFlag(TeleworkBarriers.Other) != (otherReason is not null))
            throw new DomainException(DomainError.TeleworkOtherReasonRequired);
        return t with { OtherReason = otherReason };
    }

    /// <summary>The profile's rules (docs/DOMAIN.md#procedure-profile); checked before anything is set.</summary>
    private void ApplyProfile(ProcedureFields f)
    {
        var telework = CheckTelework(new TeleworkAssessment(f.Telework, f.TeleworkBarriers, f.TeleworkOtherReason));
        if (f.SealAbolishedOn is not null && f.Seal != SealRequirement.Abolished)
            throw new DomainException(DomainError.SealDateNeedsAbolished);
        if (f.AttachmentCount is < 0 or > Profile.MaxCount || f.AbolishedAttachmentCount is < 0 or > Profile.MaxCount)
            throw new DomainException(DomainError.CountOutOfRange, 0, Profile.MaxCount);
        if (f.StandardProcessingDays is < 0 or > Profile.MaxProcessingDays)
            throw new DomainException(DomainError.CountOutOfRange, 0, Profile.MaxProcessingDays);
        (Telework, TeleworkBarriers, TeleworkOtherReason) = (telework.Answer, telework.Barriers, telework.OtherReason);
        Seal = f.Seal;
        SealAbolishedOn = f.SealAbolishedOn;
        AttachmentCount = f.AttachmentCount;
        AbolishedAttachmentCount = f.AbolishedAttachmentCount;
        InPerson = f.InPerson;
        FeePayment = f.FeePayment;
        StandardProcessingDays = f.StandardProcessingDays;
        LifeEvents = f.LifeEvents;
    }

    /// <summary>The current fields, for an edit form or a re-apply after a conflict.</summary>
    public ProcedureFields Fields => new()
    {
        Code = Code,
        Name = Name,
        NationalProcedureId = NationalProcedureId,
        LawName = LawName,
        LawArticle = LawArticle,
        AdministrativeCategory = AdministrativeCategory,
        IdentityCheck = IdentityCheck,
        HasFee = HasFee,
        Attachments = Attachments,
        TargetFiscalYear = TargetFiscalYear,
        OnlineFormUrl = OnlineFormUrl,
        CounterTablet = CounterTablet,
        SmartphoneClass = SmartphoneClass,
        Translation = Translation,
        Notes = Notes,
        Telework = Telework,
        TeleworkBarriers = TeleworkBarriers,
        TeleworkOtherReason = TeleworkOtherReason,
        Seal = Seal,
        SealAbolishedOn = SealAbolishedOn,
        AttachmentCount = AttachmentCount,
        AbolishedAttachmentCount = AbolishedAttachmentCount,
        InPerson = InPerson,
        FeePayment = FeePayment,
        StandardProcessingDays = StandardProcessingDays,
        LifeEvents = LifeEvents,
    };

    private void Touch(Actor actor, DateTime utcNow)
    {
        UpdatedAtUtc = utcNow;
        UpdatedByName = actor.DisplayName;
    }
}
