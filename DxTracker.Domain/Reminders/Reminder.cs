using DxTracker.Domain.Organisation;

namespace DxTracker.Domain.Reminders;

public enum ReminderKind
{
    StalledProcedure,
    OverdueFollowUp,
}

/// <summary>リマインド: a notice to one user that an item stalled or a follow-up is overdue.
/// (Kind, ItemId, StallStartUtc, UserId) is unique: the same stall never reminds the same person twice.</summary>
public sealed class Reminder
{
    public const int TitleMaxLength = 400;

    public long Id { get; set; }
    public ReminderKind Kind { get; set; }
    /// <summary>Procedure id or follow-up id, by <see cref="Kind"/>.</summary>
    public int ItemId { get; set; }
    /// <summary>When the stall began: the procedure's StatusChangedAtUtc, or the follow-up's due date.</summary>
    public DateTime StallStartUtc { get; set; }
    public required string UserId { get; set; }
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    /// <summary>What the reminder is about, as shown in lists and mail (procedure or follow-up text).</summary>
    public string Title { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
    public DateTime? MailedAtUtc { get; set; }
    /// <summary>The digest mail that carries this reminder, recorded before it is sent (null: in no mail yet).</summary>
    public long? MailId { get; set; }
}

/// <summary>One digest mail to one person, recorded — with its Message-Id and the reminders it carries — before it is sent,
/// and marked sent once the mail server accepted it. A run that finds a mail recorded but not marked sent (the process
/// died between the two) sends that same mail again under the same Message-Id, so the recipient's mail system sees one
/// message, not two.</summary>
public sealed class ReminderMail
{
    public const int MessageIdMaxLength = 200;

    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>The Message-Id header, without angle brackets (e.g. <c>3f2a…@dx.city.example.jp</c>).</summary>
    public required string MessageId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
}

/// <summary>How long a procedure may stay in a status before it counts as stalled. Editable by DxTeam.</summary>
public sealed class StallThreshold
{
    public const int MinDays = 1;
    public const int MaxDays = 3650;

    public int Id { get; set; }
    public Procedures.ProcedureStatus Status { get; set; }
    public int Days { get; set; }

    /// <summary>The defaults of docs/DOMAIN.md#stall-rules. NotConsidered counts from the department's first hearing.</summary>
    public static IReadOnlyDictionary<Procedures.ProcedureStatus, int> Defaults { get; } = new Dictionary<Procedures.ProcedureStatus, int>
    {
        [Procedures.ProcedureStatus.NotConsidered] = 60,
        [Procedures.ProcedureStatus.UnderReview] = 60,
        [Procedures.ProcedureStatus.ObjectionRaised] = 30,
        [Procedures.ProcedureStatus.InProgress] = 90,
    };
}
