using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Resources;

namespace DxTracker.Domain.Excel;

/// <summary>The inventory (手続棚卸し表) headers: one fixed Japanese set whatever the UI language, so a file survives a
/// language switch. Volumes follow as a pair of columns per fiscal year ("総件数 2025", "オンライン件数 2025").</summary>
public static partial class InventoryColumns
{
    public const string SheetName = "手続棚卸し表";
    public const string Code = "手続ID";
    public const string Name = "手続名";
    public const string DepartmentCode = "課コード";
    public const string DepartmentName = "課名";
    public const string NationalId = "全国手続ID";
    public const string LawName = "法令名";
    public const string LawArticle = "根拠条項号";
    public const string AdministrativeCategory = "事務区分";
    public const string IdentityCheck = "本人確認手法";
    public const string Fee = "手数料";
    public const string Attachments = "添付書類";
    public const string TargetFiscalYear = "実施時期";
    public const string Url = "電子申請URL";
    public const string Status = "状態";
    /// <summary>The date a Digitized procedure went online (yyyy-mm-dd or an Excel date): dates its history on its first import.</summary>
    public const string DigitizedOn = "電子化日";
    /// <summary>Since when the procedure has had its status: dates its history on its first import.</summary>
    public const string StatusSince = "状態変更日";
    public const string Category = "課題分類";
    public const string ObjectionText = "課題内容";
    /// <summary>課題の根拠 of the row's objection (an 対面要件 source but なし). A sheet without it, or an empty cell, leaves the
    /// source of an existing objection as it is; a value sets it.</summary>
    public const string ObjectionSource = "課題の根拠";
    public const string Notes = "備考";
    // The profile (docs/DOMAIN.md#procedure-profile). A sheet without one of these columns (made before they existed)
    // leaves that field of existing procedures as it is.
    public const string Telework = "在宅勤務可否";
    public const string TeleworkBarriers = "在宅勤務不可の理由";
    public const string TeleworkOtherReason = "在宅勤務不可の理由（その他）";
    public const string Seal = "押印";
    public const string SealAbolishedOn = "押印廃止日";
    public const string AttachmentCount = "添付書類数";
    public const string AbolishedAttachmentCount = "廃止した添付書類数";
    public const string InPerson = "対面要件";
    public const string FeePayment = "手数料の納付方法";
    public const string StandardProcessingDays = "標準処理期間";
    public const string LifeEvents = "ライフイベント";

    /// <summary>The profile's columns in order, each with its cell kind and the resource key of its header in the annual
    /// report ("ProfileCol_" + key: in Japanese the inventory's header itself, as a test checks). <see cref="ProfileCells"/> gives the
    /// cells in the same order.</summary>
    public static IReadOnlyList<ProfileColumn> ProfileColumns { get; } =
    [
        new(Telework, nameof(Telework), CellKind.Text),
        new(TeleworkBarriers, nameof(TeleworkBarriers), CellKind.Text),
        new(TeleworkOtherReason, nameof(TeleworkOtherReason), CellKind.Text),
        new(Seal, nameof(Seal), CellKind.Text),
        new(SealAbolishedOn, nameof(SealAbolishedOn), CellKind.Date),
        new(AttachmentCount, nameof(AttachmentCount), CellKind.Number),
        new(AbolishedAttachmentCount, nameof(AbolishedAttachmentCount), CellKind.Number),
        new(InPerson, nameof(InPerson), CellKind.Text),
        new(FeePayment, nameof(FeePayment), CellKind.Text),
        new(StandardProcessingDays, nameof(StandardProcessingDays), CellKind.Number),
        new(LifeEvents, nameof(LifeEvents), CellKind.Text),
    ];

    public static IReadOnlyList<string> Profile { get; } = ProfileColumns.Select(c => c.Header).ToList();

    /// <summary>The cells of <see cref="ProfileColumns"/> for one procedure, the words in <paramref name="culture"/> (the
    /// inventory: Japanese whatever the UI language; the annual report: the UI language). Several flags are joined with
    /// the culture's list separator (「、」 in Japanese, which the import splits on).</summary>
    public static object?[] ProfileCells(ProcedureProfile p, CultureInfo culture)
    {
        string? Word<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? DomainText.Get(typeof(TEnum).Name + "_" + v, culture) : null;
        string? Words<TEnum>(TEnum flags) where TEnum : struct, Enum =>
            Procedures.Profile.Flags(flags).Select(f => DomainText.Get(typeof(TEnum).Name + "_" + f, culture)).ToList() is { Count: > 0 } words
                ? string.Join(DomainText.Get("ListSeparator", culture), words)
                : null;
        return
        [
            Word(p.Telework), Words(p.TeleworkBarriers), p.TeleworkOtherReason, Word(p.Seal), p.SealAbolishedOn, p.AttachmentCount,
            p.AbolishedAttachmentCount, Word(p.InPerson), Word(p.FeePayment), p.StandardProcessingDays, Words(p.LifeEvents),
        ];
    }

    /// <summary>A profile column's header in the annual report: the inventory's own header in Japanese, else its translation.</summary>
    public static string ReportHeader(ProfileColumn column, CultureInfo culture) => ExcelText.Get("ProfileCol_" + column.Key, culture);

    public static IReadOnlyList<string> Fixed { get; } =
    [
        Code, Name, DepartmentCode, DepartmentName, NationalId, LawName, LawArticle, AdministrativeCategory, IdentityCheck,
        Fee, Attachments, TargetFiscalYear, Url, Status, DigitizedOn, StatusSince, Category, ObjectionText, ObjectionSource, Notes,
        .. Profile,
    ];

    /// <summary>An existing procedure's fields from a row: the profile fields whose column the sheet lacks keep their value.</summary>
    public static ProcedureFields KeepAbsent(ProcedureFields row, ProcedureFields current, Func<string, bool> has) => row with
    {
        Telework = has(Telework) ? row.Telework : current.Telework,
        TeleworkBarriers = has(TeleworkBarriers) ? row.TeleworkBarriers : current.TeleworkBarriers,
        TeleworkOtherReason = has(TeleworkOtherReason) ? row.TeleworkOtherReason : current.TeleworkOtherReason,
        Seal = has(Seal) ? row.Seal : current.Seal,
        SealAbolishedOn = has(SealAbolishedOn) ? row.SealAbolishedOn : current.SealAbolishedOn,
        AttachmentCount = has(AttachmentCount) ? row.AttachmentCount : current.AttachmentCount,
        AbolishedAttachmentCount = has(AbolishedAttachmentCount) ? row.AbolishedAttachmentCount : current.AbolishedAttachmentCount,
        InPerson = has(InPerson) ? row.InPerson : current.InPerson,
        FeePayment = has(FeePayment) ? row.FeePayment : current.FeePayment,
        StandardProcessingDays = has(StandardProcessingDays) ? row.StandardProcessingDays : current.StandardProcessingDays,
        LifeEvents = has(LifeEvents) ? row.LifeEvents : current.LifeEvents,
    };

    public static string Total(int fiscalYear) => string.Create(CultureInfo.InvariantCulture, $"総件数 {fiscalYear}");

    public static string Online(int fiscalYear) => string.Create(CultureInfo.InvariantCulture, $"オンライン件数 {fiscalYear}");

    /// <summary>The fiscal year of a volume header, and whether it is the online count; null for any other header.</summary>
    public static (int FiscalYear, bool IsOnline)? ParseVolumeHeader(string header)
    {
        var match = VolumeHeader().Match(header.Normalize(NormalizationForm.FormKC));
        return match.Success
            ? (int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[1].Value == "オンライン件数")
            : null;
    }

    [GeneratedRegex(@"^(総件数|オンライン件数)\s*(\d{4})$")]
    private static partial Regex VolumeHeader();
}

/// <summary>One column of the procedure profile in the sheets (<see cref="InventoryColumns.ProfileColumns"/>).</summary>
public sealed record ProfileColumn(string Header, string Key, CellKind Kind);

/// <summary>The profile fields of one procedure as a sheet writes them.</summary>
public sealed record ProcedureProfile(
    Telework? Telework, TeleworkBarriers TeleworkBarriers, string? TeleworkOtherReason, SealRequirement? Seal, DateOnly? SealAbolishedOn,
    int? AttachmentCount, int? AbolishedAttachmentCount, InPersonRequirement? InPerson, FeePaymentMethod? FeePayment,
    int? StandardProcessingDays, LifeEvents LifeEvents)
{
    /// <summary>A procedure's profile (in a query's final projection: EF reads the procedure's columns and calls this).</summary>
    public static ProcedureProfile Of(Procedure p) => new(p.Telework, p.TeleworkBarriers, p.TeleworkOtherReason, p.Seal, p.SealAbolishedOn,
        p.AttachmentCount, p.AbolishedAttachmentCount, p.InPerson, p.FeePayment, p.StandardProcessingDays, p.LifeEvents);
}

/// <summary>The words inside the inventory's cells. Written in Japanese; read back from Japanese or English labels or
/// the enum name (and the national survey's code for 本人確認手法 / 事務区分), so a hand-filled sheet is accepted.</summary>
public static class InventoryWords
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static string Status(ProcedureStatus value) => Label("Status_", value);
    public static string Category(ObjectionCategory value) => Label("Category_", value);
    public static string IdentityCheck(IdentityCheck value) => Label("IdentityCheck_", value);
    public static string AdministrativeCategory(AdministrativeCategory value) => Label("AdministrativeCategory_", value);
    public static string Fee(bool hasFee) => hasFee ? "有" : "無";

    /// <summary>A profile enum's Japanese word (resource "{EnumType}_{Value}").</summary>
    public static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => Label(typeof(TEnum).Name + "_", value);

    public static bool TryWord<TEnum>(string text, out TEnum value) where TEnum : struct, Enum =>
        TryParse(typeof(TEnum).Name + "_", text, acceptCodes: false, out value);

    /// <summary>Flags from words separated by 、 , ; or a line break (the Japanese words, the English ones or the names).
    /// The first unknown word is given back in <paramref name="unknown"/>.</summary>
    public static bool TryWords<TEnum>(string text, out TEnum flags, out string? unknown) where TEnum : struct, Enum
    {
        var all = 0;
        unknown = null;
        foreach (var part in text.Split(['、', ',', '，', ';', '；', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryWord<TEnum>(part, out var one))
            {
                unknown = part;
                break;
            }
            all |= Convert.ToInt32(one, CultureInfo.InvariantCulture);
        }
        flags = (TEnum)Enum.ToObject(typeof(TEnum), all);
        return unknown is null;
    }

    /// <summary>The Japanese words of a profile enum, for an error message (flags: the single flags).</summary>
    public static string AllowedWords<TEnum>() where TEnum : struct, Enum =>
        string.Join(DomainText.Get("ListSeparator"), Enum.GetValues<TEnum>()
            .Where(v => !typeof(TEnum).IsDefined(typeof(FlagsAttribute), false) || Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0)
            .Select(Word));

    public static bool TryStatus(string text, out ProcedureStatus value) => TryParse("Status_", text, acceptCodes: false, out value);
    public static bool TryCategory(string text, out ObjectionCategory value) => TryParse("Category_", text, acceptCodes: false, out value);
    public static bool TryIdentityCheck(string text, out IdentityCheck value) => TryParse("IdentityCheck_", text, acceptCodes: true, out value);
    public static bool TryAdministrativeCategory(string text, out AdministrativeCategory value) => TryParse("AdministrativeCategory_", text, acceptCodes: true, out value);

    public static bool TryFee(string text, out bool hasFee)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "有" or "あり" or "有り" or "yes" or "true" or "1":
                hasFee = true;
                return true;
            case "無" or "なし" or "無し" or "no" or "false" or "0":
                hasFee = false;
                return true;
            default:
                hasFee = false;
                return false;
        }
    }

    /// <summary>The Japanese labels a cell may hold, for an error message.</summary>
    public static string Allowed<TEnum>(string prefix) where TEnum : struct, Enum =>
        string.Join(DomainText.Get("ListSeparator"), Enum.GetValues<TEnum>().Select(v => Label(prefix, v)));

    private static string Label<TEnum>(string prefix, TEnum value) where TEnum : struct, Enum =>
        DomainText.Get(prefix + value, Japanese);

    private static bool TryParse<TEnum>(string prefix, string text, bool acceptCodes, out TEnum value) where TEnum : struct, Enum
    {
        var t = text.Trim();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (t == Label(prefix, candidate)
                || string.Equals(t, DomainText.Get(prefix + candidate, English), StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || (acceptCodes && t.Normalize(NormalizationForm.FormKC) == Convert.ToInt32(candidate, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
