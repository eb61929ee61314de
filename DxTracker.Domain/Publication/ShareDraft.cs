namespace DxTracker.Domain.Publication;

/// <summary>A progress post as the DX team saved it for the ward's social account, with who wrote it and, once posted by
/// hand, the day it went out and who said so. The app never posts anywhere itself.</summary>
public sealed class ShareDraft
{
    public const int TextMaxLength = 1000;

    public int Id { get; private set; }
    public PostPeriodKind PeriodKind { get; private set; }
    public int PeriodYear { get; private set; }
    public int PeriodMonth { get; private set; }
    public string Text { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public string CreatedByName { get; private set; } = "";
    public DateOnly? PostedOn { get; private set; }
    public string? PostedByName { get; private set; }

    public PostPeriod Period => new(PeriodKind, PeriodYear, PeriodMonth);

    private ShareDraft() { }

    internal ShareDraft(PostPeriod period, string text, Identity.Actor actor, DateTime utcNow)
    {
        PeriodKind = period.Kind;
        PeriodYear = period.Year;
        PeriodMonth = period.Month;
        Text = text;
        CreatedAtUtc = utcNow;
        CreatedByUserId = actor.UserId;
        CreatedByName = actor.DisplayName;
    }

    internal void MarkPosted(DateOnly postedOn, Identity.Actor actor)
    {
        PostedOn = postedOn;
        PostedByName = actor.DisplayName;
    }
}
