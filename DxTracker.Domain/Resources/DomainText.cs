using System.Globalization;
using System.Resources;

namespace DxTracker.Domain.Resources;

/// <summary>The domain's words and messages (DomainText.tsv → .resx; Japanese neutral, English satellite),
/// looked up in the current UI culture.</summary>
public static class DomainText
{
    private static readonly ResourceManager Resources = new("DxTracker.Domain.Resources.DomainText", typeof(DomainText).Assembly);

    public static string Get(string name) => Get(name, CultureInfo.CurrentUICulture);

    /// <summary>The word in a given culture (the inventory file is Japanese whatever the UI language).</summary>
    public static string Get(string name, CultureInfo culture) => Resources.GetString(name, culture) ?? name;

    public static string Format(string name, params object[] args) =>
        args.Length == 0 ? Get(name) : string.Format(CultureInfo.CurrentCulture, Get(name), args);

    public static string Status(Procedures.ProcedureStatus status) => Get("Status_" + status);
    public static string Category(Procedures.ObjectionCategory category) => Get("Category_" + category);
    public static string Outcome(Procedures.ObjectionOutcome outcome) => Get("Outcome_" + outcome);
    /// <summary>課題の根拠: the source's word, or 未設定 when not recorded.</summary>
    public static string ObjectionSource(Procedures.InPersonRequirement? source) => source is { } s ? Label(s) : Get("ObjectionSource_Unknown");
    public static string Role(Identity.Role role) => Get("Role_" + role);
    public static string IdentityCheck(Procedures.IdentityCheck check) => Get("IdentityCheck_" + check);
    public static string AdministrativeCategory(Procedures.AdministrativeCategory category) => Get("AdministrativeCategory_" + category);

    /// <summary>The word for a value of a profile enum (Telework, SealRequirement, ...): resource "{EnumType}_{Value}".</summary>
    public static string Label<TEnum>(TEnum value) where TEnum : struct, Enum => Get(typeof(TEnum).Name + "_" + value);

    /// <summary>The words for the flags set in a flags enum ("引越し、死亡・相続"); empty when none.</summary>
    public static string Labels<TEnum>(TEnum flags) where TEnum : struct, Enum =>
        string.Join(Get("ListSeparator"), Procedures.Profile.Flags(flags).Select(Label));

    /// <summary>While a typed code differs from the saved one, what the change means (the inventory import matches rows
    /// on the code); null otherwise.</summary>
    public static string? CodeChangeWarning(string savedCode, string? typedCode) =>
        !string.IsNullOrWhiteSpace(typedCode) && typedCode.Trim() != savedCode ? Format("CodeChangeWarning", savedCode) : null;

    private static bool IsJapanese => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "ja";

    /// <summary>A UTC instant shown in Japan time in the current culture's style (2026年11月27日 13:05 in ja).</summary>
    public static string DateTime(System.DateTime? utc) =>
        utc is { } u
            ? Reporting.FiscalYear.ToJapan(u).ToString(IsJapanese ? "yyyy年M月d日 H:mm" : "d MMM yyyy HH:mm", CultureInfo.CurrentCulture)
            : "";

    /// <summary>A calendar date in the current culture's style (2026年11月27日 in ja).</summary>
    public static string Date(DateOnly? date) => date is { } d ? Date(d, CultureInfo.CurrentCulture) : "";

    /// <summary>A calendar date in a given culture's style (a Japanese file prints its dates in Japanese whatever the UI language).</summary>
    public static string Date(DateOnly date, CultureInfo culture) =>
        date.ToString(culture.TwoLetterISOLanguageName == "ja" ? "yyyy年M月d日" : "d MMM yyyy", culture);

    /// <summary>The Japan-time calendar date of a UTC instant, in the current culture's style.</summary>
    public static string Date(System.DateTime? utc) =>
        utc is { } u ? Date(DateOnly.FromDateTime(Reporting.FiscalYear.ToJapan(u))) : "";
}
