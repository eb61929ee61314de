using System.Globalization;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Features.Procedures;

/// <summary>How a procedure's field values read on screen: the fields panel shows them, and the editor shows the latest value
/// of a field someone else changed in the same words. One place per field.</summary>
public sealed class ProcedureFieldText(IStringLocalizer<ProceduresText> l, EraSettings era)
{
    /// <summary>Target years offered: five fiscal years either side of the current one, plus <paramref name="include"/> when outside
    /// (a stored year is never lost). Volumes are entered for the same years.</summary>
    public static IEnumerable<int> YearChoices(DateTime utcNow, int? include)
    {
        var current = FiscalYear.Of(utcNow).Year;
        var years = Enumerable.Range(current - 5, 11).ToList();
        if (include is { } y && !years.Contains(y))
            years.Add(y);
        return years.Order();
    }

    public static string Dash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;

    public string Year(int year) => new FiscalYear(year).Label(CultureInfo.CurrentUICulture, era);

    public string YesNo(bool? value) => value switch { true => l["Yes"], false => l["No"], _ => "—" };

    /// <summary>The linked national procedure's answers beside the BPR checklist (本人確認手法, 添付書類, 手数料); null when the
    /// survey has no answer or the procedure is not linked.</summary>
    public string? NationalSeal(NationalFacts? n) => n?.IdentityCheckValue is { } ic ? l["National_Seal", DomainText.IdentityCheck(ic)].Value : null;

    public string? NationalAttachments(NationalFacts? n) => n?.AttachmentCount is { } c ? l["National_Attachments", c].Value : null;

    public string? NationalFee(NationalFacts? n) => n?.HasFee is { } fee ? l["National_Fee", YesNo(fee)].Value : null;

    private static string? Flags<TEnum>(TEnum flags) where TEnum : struct, Enum => DomainText.Labels(flags) is { Length: > 0 } s ? s : null;

    private string? Count(int? n) => n is { } c ? l["Field_CountValue", c].Value : null;

    /// <summary>The offline support offered ("窓口タブレット、翻訳"); null when none.</summary>
    public string? Support(ProcedureFields f) =>
        string.Join(DomainText.Get("ListSeparator"), new[] { (f.CounterTablet, "Field_CounterTablet"), (f.SmartphoneClass, "Field_SmartphoneClass"), (f.Translation, "Field_Translation") }
            .Where(x => x.Item1).Select(x => l[x.Item2].Value)) is { Length: > 0 } s ? s : null;

    /// <summary>A field's value as text (null: empty), by its <see cref="ProcedureFields"/> property name; the three support
    /// flags read as <see cref="Support"/>.</summary>
    public string? Value(string field, ProcedureFields f) => field switch
    {
        nameof(ProcedureFields.Code) => f.Code,
        nameof(ProcedureFields.Name) => f.Name,
        nameof(ProcedureFields.NationalProcedureId) => f.NationalProcedureId,
        nameof(ProcedureFields.LawName) => f.LawName,
        nameof(ProcedureFields.LawArticle) => f.LawArticle,
        nameof(ProcedureFields.AdministrativeCategory) => f.AdministrativeCategory is { } ac ? DomainText.AdministrativeCategory(ac) : null,
        nameof(ProcedureFields.IdentityCheck) => f.IdentityCheck is { } ic ? DomainText.IdentityCheck(ic) : null,
        nameof(ProcedureFields.HasFee) => f.HasFee is null ? null : YesNo(f.HasFee),
        nameof(ProcedureFields.Attachments) => f.Attachments,
        nameof(ProcedureFields.TargetFiscalYear) => f.TargetFiscalYear is { } y ? Year(y) : null,
        nameof(ProcedureFields.OnlineFormUrl) => f.OnlineFormUrl,
        nameof(ProcedureFields.Notes) => f.Notes,
        nameof(ProcedureFields.Telework) => f.Telework is { } t ? DomainText.Label(t) : null,
        nameof(ProcedureFields.TeleworkBarriers) => Flags(f.TeleworkBarriers),
        nameof(ProcedureFields.TeleworkOtherReason) => f.TeleworkOtherReason,
        nameof(ProcedureFields.Seal) => f.Seal is { } seal ? DomainText.Label(seal) : null,
        nameof(ProcedureFields.SealAbolishedOn) => f.SealAbolishedOn is { } d ? DomainText.Date(d) : null,
        nameof(ProcedureFields.AttachmentCount) => Count(f.AttachmentCount),
        nameof(ProcedureFields.AbolishedAttachmentCount) => Count(f.AbolishedAttachmentCount),
        nameof(ProcedureFields.InPerson) => f.InPerson is { } ip ? DomainText.Label(ip) : null,
        nameof(ProcedureFields.FeePayment) => f.FeePayment is { } fp ? DomainText.Label(fp) : null,
        nameof(ProcedureFields.StandardProcessingDays) => f.StandardProcessingDays is { } days ? l["Days", days].Value : null,
        nameof(ProcedureFields.LifeEvents) => Flags(f.LifeEvents),
        nameof(ProcedureFields.CounterTablet) or nameof(ProcedureFields.SmartphoneClass) or nameof(ProcedureFields.Translation) => Support(f),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a procedure field"),
    };
}
