namespace DxTracker.Domain.Procedures;

/// <summary>在宅勤務可否: whether a procedure's back-office work can be done from home (docs/DOMAIN.md#procedure-profile).</summary>
public enum Telework
{
    Possible = 1,
    Partly = 2,
    NotPossible = 3,
}

/// <summary>Why a procedure's back-office work cannot (all) leave the office; several may hold.</summary>
[Flags]
public enum TeleworkBarriers
{
    None = 0,
    PersonalData = 1,
    CounterWork = 2,
    PaperOriginals = 4,
    LgwanOnly = 8,
    Other = 16,
}

/// <summary>押印: whether the procedure still asks for a seal.</summary>
public enum SealRequirement
{
    Required = 1,
    Abolished = 2,
    NotRequired = 3,
}

/// <summary>対面要件 and where it comes from: the ward's own rules (条例 / 規則・要綱 / 慣行) the ward can change; national law
/// (法律・政令) only the national government can.</summary>
public enum InPersonRequirement
{
    NotRequired = 1,
    Law = 2,
    Ordinance = 3,
    Regulation = 4,
    Practice = 5,
}

/// <summary>Who can remove a barrier (an 対面要件 or an objection), by the source of the rule behind it.</summary>
public enum BarrierOwner
{
    /// <summary>The ward's own 条例 / 規則・要綱 / 慣行: the ward can change them.</summary>
    Ward = 1,
    /// <summary>法律・政令: a request to the national government.</summary>
    Nation = 2,
}

/// <summary>手数料の納付方法.</summary>
public enum FeePaymentMethod
{
    CounterCash = 1,
    Cashless = 2,
    OnlinePayment = 3,
    None = 4,
}

/// <summary>The life events (ライフイベント) of the national survey's column 「手続が行われるイベント(個人)」; several may hold.</summary>
[Flags]
public enum LifeEvents
{
    None = 0,
    Pregnancy = 1,
    Birth = 2,
    Marriage = 4,
    Moving = 8,
    Employment = 16,
    Housing = 32,
    Car = 64,
    Health = 128,
    Care = 256,
    Pension = 512,
    Death = 1024,
    Tax = 2048,
    Other = 4096,
}

public static class Profile
{
    public const int MaxCount = 999;
    public const int MaxProcessingDays = 3650;

    /// <summary>The sources of rules the ward can change itself (its own 条例 / 規則・要綱 / 慣行).</summary>
    private static readonly InPersonRequirement[] WardSources = [InPersonRequirement.Ordinance, InPersonRequirement.Regulation, InPersonRequirement.Practice];

    /// <summary>The sources only the national government can change (法律・政令).</summary>
    private static readonly InPersonRequirement[] NationalSources = [InPersonRequirement.Law];

    /// <summary>The sources an objection may have: those of a rule (all but なし), in declaration order.</summary>
    public static IReadOnlyList<InPersonRequirement> RuleSources { get; } =
        Enum.GetValues<InPersonRequirement>().Where(s => WardSources.Contains(s) || NationalSources.Contains(s)).ToArray();

    /// <summary>The sources whose barrier <paramref name="owner"/> can remove (queries filter on these).</summary>
    public static IReadOnlyList<InPersonRequirement> SourcesOf(BarrierOwner owner) => owner == BarrierOwner.Ward ? WardSources : NationalSources;

    /// <summary>Who can remove a barrier from <paramref name="source"/>; null when there is no rule (なし) or it is not known.</summary>
    public static BarrierOwner? OwnerOf(InPersonRequirement? source) =>
        source is not { } s ? null
        : WardSources.Contains(s) ? BarrierOwner.Ward
        : NationalSources.Contains(s) ? BarrierOwner.Nation
        : null;

    /// <summary>The survey's words for each life event, exactly as in 「手続が行われるイベント(個人)」. The survey's
    /// 「その他(個人も法人にもあてはまらない)」 names no personal event and maps to none.</summary>
    public static IReadOnlyDictionary<string, LifeEvents> SurveyWords { get; } = new Dictionary<string, LifeEvents>
    {
        ["妊娠"] = LifeEvents.Pregnancy,
        ["出生・こども"] = LifeEvents.Birth,
        ["結婚・離婚"] = LifeEvents.Marriage,
        ["引越し"] = LifeEvents.Moving,
        ["就職・転職"] = LifeEvents.Employment,
        ["住宅の購入・保有"] = LifeEvents.Housing,
        ["自動車の購入・保有"] = LifeEvents.Car,
        ["医療・健康"] = LifeEvents.Health,
        ["介護"] = LifeEvents.Care,
        ["年金の受給"] = LifeEvents.Pension,
        ["死亡・相続"] = LifeEvents.Death,
        ["税金"] = LifeEvents.Tax,
        ["その他イベント(個人)"] = LifeEvents.Other,
    };

    /// <summary>"引越し; 死亡・相続" → Moving | Death; unknown words are ignored.</summary>
    public static LifeEvents FromSurvey(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(LifeEvents.None, (all, word) => all | SurveyWords.GetValueOrDefault(word));

    /// <summary>The single flags of a flags value, in declaration order.</summary>
    public static IEnumerable<TEnum> Flags<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Where(f => Convert.ToInt32(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(f));
}
