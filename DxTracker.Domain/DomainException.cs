using System.Globalization;
using DxTracker.Domain.Resources;

namespace DxTracker.Domain;

/// <summary>Every refusal the domain can give. Each has a localised message in DomainText (key "Error_{name}").</summary>
public enum DomainError
{
    NotPermitted,
    OtherDepartment,
    MoveNotAllowed,
    DxTeamOnlyMove,
    ObjectionRequired,
    UrlRequired,
    UrlInvalid,
    ExemptReasonRequired,
    ObjectionDescriptionRequired,
    RebuttalRequired,
    ObjectionAlreadyClosed,
    ObjectionOutcomeRequired,
    ObjectionNotFound,
    VolumeNegative,
    VolumeOnlineAboveTotal,
    FieldRequired,
    FieldTooLong,
    FiscalYearOutOfRange,
    NotFound,
    ConcurrencyConflict,
    DuplicateCode,
    CodeDxTeamOnly,
    DuplicateDivisionCode,
    DuplicateDepartmentCode,
    SortOrderOutOfRange,
    DepartmentRequiredForHead,
    DepartmentHasHead,
    OwnDxTeamRole,
    EmailInvalid,
    EmailTaken,
    PasswordTooShort,
    AccountRejected,
    HearingRefused,
    HearingProcedureProblem,
    HearingFollowUpProblem,
    HearingProcedureMissing,
    HearingProcedureTwice,
    ProcedureNotInDepartment,
    FollowUpDescriptionRequired,
    FollowUpOwnerInvalid,
    StallDaysOutOfRange,
    WithholdReasonRequired,
    PostTooLong,
    PostTextRequired,
    DateInFuture,
    TeleworkBarriersNeedNotPossible,
    TeleworkOtherReasonRequired,
    SealDateNeedsAbolished,
    ObjectionSourceNotARule,
    CountOutOfRange,
    InvitationHasPassword,
    InvitationNoMail,
    InvitationUnknown,
    InvitationUsed,
    InvitationExpired,
    InvitationReplaced,
    PasswordTooShortForSignIn,
    PasswordsDiffer,
    CurrentPasswordWrong,
    PasswordRefused,
    SetupCodeUnknown,
    SetupCodeUsed,
    SetupCodeExpired,
    SetupCodeReplaced,
    SetupCodeLockedOut,
}

/// <summary>A rule of the domain refused an operation. <see cref="Exception.Message"/> is localised to the current UI culture.</summary>
public class DomainException(DomainError error, params object[] args)
    : Exception(DomainText.Format("Error_" + error, args))
{
    public DomainError Error { get; } = error;
    public IReadOnlyList<object> Args { get; } = args;
}

/// <summary>The actor's role or department does not allow the write. Services log (and audit) these.</summary>
public sealed class AccessDeniedException(DomainError error, params object[] args) : DomainException(error, args);

/// <summary>Someone else saved the record after the user loaded it.</summary>
public sealed class ConcurrencyConflictException(string? changedBy, DateTime? changedAtUtc)
    : DomainException(DomainError.ConcurrencyConflict, changedBy ?? "?", DomainText.DateTime(changedAtUtc))
{
    public string? ChangedBy { get; } = changedBy;
    public DateTime? ChangedAtUtc { get; } = changedAtUtc;
}

internal static class Text
{
    /// <summary>Trims; refuses empty and over-long text with a localised message.</summary>
    public static string Required(string? value, int maxLength, DomainError whenEmpty)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new DomainException(whenEmpty);
        if (trimmed.Length > maxLength)
            throw new DomainException(DomainError.FieldTooLong, maxLength);
        return trimmed;
    }

    /// <summary>Trims; empty becomes null; refuses over-long text.</summary>
    public static string? Optional(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length > maxLength)
            throw new DomainException(DomainError.FieldTooLong, maxLength);
        return trimmed;
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
