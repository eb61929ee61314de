using DxTracker.Domain.Procedures;

namespace DxTracker.Domain.National;

/// <summary>One procedure of the national inventory survey (read-only catalogue, versioned by survey date).
/// Source: デジタル庁「行政手続等の悉皆調査結果等」.</summary>
public sealed class NationalProcedure
{
    public int Id { get; set; }
    public DateOnly SurveyDate { get; set; }
    public required string NationalId { get; set; }
    public string Ministry { get; set; } = "";
    public required string Name { get; set; }
    public string LawName { get; set; } = "";
    public string LawArticle { get; set; } = "";
    public int? AdministrativeCategory { get; set; }
    /// <summary>オンライン化の実施状況: 1 実施済 / 2 未実施 / 3 適用除外 / 4 その他 / 5 一部実施済.</summary>
    public int? OnlineStatus { get; set; }
    /// <summary>懸念点 codes, "; "-joined as in the survey (e.g. "3; 6").</summary>
    public string ConcernCodes { get; set; } = "";
    public int? TargetFiscalYear { get; set; }
    public int? IdentityCheck { get; set; }
    public bool? HasFee { get; set; }
    public string Attachments { get; set; } = "";
    public long? TotalCount { get; set; }
    public long? OnlineCount { get; set; }
    public string LifeEvents { get; set; } = "";

    public bool IsOnline => OnlineStatus is 1 or 5;

    /// <summary>The fields of an office procedure started from this catalogue entry (name, law, 事務区分, 本人確認手法,
    /// fee, attachments, national ID, life events); survey codes outside the known ranges become unknown.</summary>
    public ProcedureFields ToFields(string code) => new()
    {
        Code = code,
        Name = Name,
        NationalProcedureId = NationalId,
        LawName = LawName,
        LawArticle = LawArticle,
        AdministrativeCategory = AdministrativeCategory is >= 1 and <= 4 ? (Procedures.AdministrativeCategory)AdministrativeCategory : null,
        IdentityCheck = IdentityCheck is >= 1 and <= 6 ? (Procedures.IdentityCheck)IdentityCheck : null,
        HasFee = HasFee,
        Attachments = Attachments,
        LifeEvents = Profile.FromSurvey(LifeEvents),
    };

    /// <summary>A procedure's fields once linked to this entry: the life events come from the survey unless the office
    /// has set its own.</summary>
    public ProcedureFields Link(ProcedureFields fields) => fields with
    {
        NationalProcedureId = NationalId,
        LifeEvents = fields.LifeEvents == Procedures.LifeEvents.None ? Profile.FromSurvey(LifeEvents) : fields.LifeEvents,
    };
}
