using DxTracker.Domain.Reminders;
using DxTracker.Domain.Resources;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Features.Reminders;

/// <summary>Where a reminder leads and how it is described, shared by the reminders page and the digest mail.</summary>
public static class ReminderLinks
{
    /// <summary>The app-relative page of the item: the procedure, or the hearing a follow-up belongs to.</summary>
    public static string Path(ReminderRow row) => row.Kind switch
    {
        ReminderKind.StalledProcedure => FormattableString.Invariant($"/procedures/{row.ItemId}"),
        _ => FormattableString.Invariant($"/hearings/{row.HearingId}"),
    };

    public static string Kind(IStringLocalizer<RemindersText> t, ReminderKind kind) => t["Kind_" + kind];

    /// <summary>"2026年9月1日から停滞" or "期限 2026年9月1日" (follow-ups are due on a Japan calendar day).</summary>
    public static string Since(IStringLocalizer<RemindersText> t, ReminderRow row) =>
        t["Since_" + row.Kind, DomainText.Date(row.StallStartUtc)];
}
