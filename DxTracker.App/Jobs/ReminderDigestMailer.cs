using System.Globalization;
using System.Text;
using DxTracker.App.Features.Reminders;
using DxTracker.App.Hosting;
using DxTracker.Domain.Reminders;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace DxTracker.App.Jobs;

/// <summary>Mails each person one digest of their reminders not yet mailed (and not yet read), with absolute links.
/// Each digest is recorded with its Message-Id before it is sent and marked sent right after the server accepted it, so
/// a retry after an SMTP failure sends only the mails that did not go out, and a retry after a crash between sending and
/// marking sends that mail again under the same Message-Id (one message for the recipient's mail system). Without
/// "Smtp:Host" reminders stay in the app.</summary>
public sealed class ReminderDigestMailer(ReminderService reminders, IConfiguration config, IStringLocalizer<RemindersText> t, ILogger<ReminderDigestMailer> logger)
{
    /// <summary>Returns how many mails were sent.</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        if (!MailServer.IsConfigured(config))
        {
            logger.LogInformation("SMTP is not configured (Smtp:Host): reminders are shown in the app only, no e-mail is sent");
            return 0;
        }
        var baseUrl = MailServer.BaseUrl(config);
        var pending = await reminders.PrepareDigestsAsync(baseUrl.Host, ct);
        if (pending.Count == 0)
            return 0;

        MailServer.UseOfficeCulture();
        using var client = await MailServer.ConnectAsync(config, ct);
        foreach (var digest in pending)
        {
            var message = Digest(baseUrl, digest.Email, digest.DisplayName, digest.Reminders);
            message.MessageId = digest.MessageId;
            await client.SendAsync(message, ct);
            await reminders.MarkSentAsync(digest.MailId, ct);
        }
        await client.DisconnectAsync(quit: true, ct);
        logger.LogInformation("Reminder digests mailed to {Count} people", pending.Count);
        return pending.Count;
    }

    private MimeMessage Digest(Uri baseUrl, string email, string displayName, IReadOnlyList<ReminderRow> rows)
    {
        var body = new StringBuilder()
            .AppendLine(t["Mail_Greeting", displayName]).AppendLine()
            .AppendLine(t["Mail_Intro"]).AppendLine();
        foreach (var row in rows)
        {
            body.AppendLine(t["Mail_Line", ReminderLinks.Kind(t, row.Kind), row.Title, row.DepartmentName ?? "", ReminderLinks.Since(t, row)])
                .AppendLine("  " + new Uri(baseUrl, ReminderLinks.Path(row)))
                .AppendLine();
        }
        body.AppendLine(t["Mail_All", new Uri(baseUrl, "/reminders")]).AppendLine().AppendLine(t["Mail_Footer"]);

        return MailServer.Message(config, displayName, email, t["Mail_Subject", rows.Count], body.ToString());
    }
}
