namespace DxTracker.Domain.Procedures;

/// <summary>The statuses of docs/DOMAIN.md#status-workflow.</summary>
public enum ProcedureStatus
{
    NotConsidered,
    UnderReview,
    ObjectionRaised,
    InProgress,
    Digitized,
    Exempt,
}

/// <summary>Objection categories; <see cref="ObjectionCategories.SurveyCodes"/> maps each to the national survey's 懸念点 codes.</summary>
public enum ObjectionCategory
{
    LegalChange,
    NoSystem,
    PaperOriginals,
    NotSuitable,
    LowCostEffectiveness,
    Seal,
    IdentityVerification,
    FeePayment,
    ResidentDigitalDivide,
    StaffWorkload,
    Other,
}

public enum ObjectionOutcome
{
    Open,
    Countered,
    Accepted,
}

/// <summary>本人確認手法 as in the national survey (codes 1-6).</summary>
public enum IdentityCheck
{
    SealWithCertificate = 1,
    Seal = 2,
    Signature = 3,
    IdDocument = 4,
    Other = 5,
    None = 6,
}

/// <summary>事務区分 as in the national survey (codes 1-4).</summary>
public enum AdministrativeCategory
{
    Autonomous = 1,
    StatutoryEntrustedFirst = 2,
    StatutoryEntrustedSecond = 3,
    NotLocal = 4,
}

public static class ObjectionCategories
{
    /// <summary>The national survey's 懸念点 codes for each category.</summary>
    public static IReadOnlyList<int> SurveyCodes(ObjectionCategory category) => category switch
    {
        ObjectionCategory.LegalChange => [1, 2],
        ObjectionCategory.NoSystem => [3],
        ObjectionCategory.PaperOriginals => [4],
        ObjectionCategory.NotSuitable => [5],
        ObjectionCategory.LowCostEffectiveness => [6],
        _ => [7],
    };
}
