using DxTracker.Domain.Procedures;

namespace DxTracker.App.Features.Procedures;

/// <summary>The procedure edit form's values: mutable for binding, converted to and from the domain's <see cref="ProcedureFields"/>.</summary>
public sealed class ProcedureForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NationalProcedureId { get; set; }
    public string? LawName { get; set; }
    public string? LawArticle { get; set; }
    public AdministrativeCategory? AdministrativeCategory { get; set; }
    public IdentityCheck? IdentityCheck { get; set; }
    public bool? HasFee { get; set; }
    public string? Attachments { get; set; }
    public int? TargetFiscalYear { get; set; }
    public string? OnlineFormUrl { get; set; }
    public bool CounterTablet { get; set; }
    public bool SmartphoneClass { get; set; }
    public bool Translation { get; set; }
    public string? Notes { get; set; }
    public Telework? Telework { get; set; }
    public TeleworkBarriers TeleworkBarriers { get; set; }
    public string? TeleworkOtherReason { get; set; }
    public SealRequirement? Seal { get; set; }
    public DateTime? SealAbolishedOn { get; set; }
    public int? AttachmentCount { get; set; }
    public int? AbolishedAttachmentCount { get; set; }
    public InPersonRequirement? InPerson { get; set; }
    public FeePaymentMethod? FeePayment { get; set; }
    public int? StandardProcessingDays { get; set; }
    public LifeEvents LifeEvents { get; set; }

    /// <summary>Reasons against telework are asked only when the answer is 一部可 or 不可.</summary>
    public bool AsksTeleworkReasons => Telework is Domain.Procedures.Telework.Partly or Domain.Procedures.Telework.NotPossible;

    /// <summary>Sets or clears one flag of a flags field (the check boxes of reasons and life events).</summary>
    public static TEnum With<TEnum>(TEnum flags, TEnum flag, bool on) where TEnum : struct, Enum
    {
        var (all, one) = (Convert.ToInt32(flags, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(flag, System.Globalization.CultureInfo.InvariantCulture));
        return (TEnum)Enum.ToObject(typeof(TEnum), on ? all | one : all & ~one);
    }

    public static ProcedureForm From(ProcedureFields f) => new()
    {
        Code = f.Code,
        Name = f.Name,
        NationalProcedureId = f.NationalProcedureId,
        LawName = f.LawName,
        LawArticle = f.LawArticle,
        AdministrativeCategory = f.AdministrativeCategory,
        IdentityCheck = f.IdentityCheck,
        HasFee = f.HasFee,
        Attachments = f.Attachments,
        TargetFiscalYear = f.TargetFiscalYear,
        OnlineFormUrl = f.OnlineFormUrl,
        CounterTablet = f.CounterTablet,
        SmartphoneClass = f.SmartphoneClass,
        Translation = f.Translation,
        Notes = f.Notes,
        Telework = f.Telework,
        TeleworkBarriers = f.TeleworkBarriers,
        TeleworkOtherReason = f.TeleworkOtherReason,
        Seal = f.Seal,
        SealAbolishedOn = f.SealAbolishedOn?.ToDateTime(TimeOnly.MinValue),
        AttachmentCount = f.AttachmentCount,
        AbolishedAttachmentCount = f.AbolishedAttachmentCount,
        InPerson = f.InPerson,
        FeePayment = f.FeePayment,
        StandardProcessingDays = f.StandardProcessingDays,
        LifeEvents = f.LifeEvents,
    };

    /// <summary>Trimmed, blanks as null: the same shape the domain stores, so unchanged fields compare equal.</summary>
    public ProcedureFields ToFields() => new()
    {
        Code = Code.Trim(),
        Name = Name.Trim(),
        NationalProcedureId = Clean(NationalProcedureId),
        LawName = Clean(LawName),
        LawArticle = Clean(LawArticle),
        AdministrativeCategory = AdministrativeCategory,
        IdentityCheck = IdentityCheck,
        HasFee = HasFee,
        Attachments = Clean(Attachments),
        TargetFiscalYear = TargetFiscalYear,
        OnlineFormUrl = Clean(OnlineFormUrl),
        CounterTablet = CounterTablet,
        SmartphoneClass = SmartphoneClass,
        Translation = Translation,
        Notes = Clean(Notes),
        // What a hidden part of the form holds is not sent: reasons only when telework is not (fully) possible, the other
        // reason only when "other" is ticked, the seal's date only when it was abolished.
        Telework = Telework,
        TeleworkBarriers = AsksTeleworkReasons ? TeleworkBarriers : TeleworkBarriers.None,
        TeleworkOtherReason = AsksTeleworkReasons && TeleworkBarriers.HasFlag(TeleworkBarriers.Other) ? Clean(TeleworkOtherReason) : null,
        Seal = Seal,
        SealAbolishedOn = Seal == SealRequirement.Abolished && SealAbolishedOn is { } d ? DateOnly.FromDateTime(d) : null,
        AttachmentCount = AttachmentCount,
        AbolishedAttachmentCount = AbolishedAttachmentCount,
        InPerson = InPerson,
        FeePayment = FeePayment,
        StandardProcessingDays = StandardProcessingDays,
        LifeEvents = LifeEvents,
    };

    /// <summary>The telework part as typed (hidden reasons left out, as in <see cref="ToFields"/>).</summary>
    public TeleworkAssessment ToTelework()
    {
        var f = ToFields();
        return new TeleworkAssessment(f.Telework, f.TeleworkBarriers, f.TeleworkOtherReason);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
