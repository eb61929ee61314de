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
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
