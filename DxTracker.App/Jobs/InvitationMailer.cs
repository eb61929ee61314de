using System.Text;
using DxTracker.App.Features.Admin;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using Hangfire;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Jobs;

/// <summary>Mails the invitations (from <see cref="InvitationMailJob"/>). Each mail carries its invitation's Message-Id and is
/// marked sent (and its token forgotten) right after the mail server accepted it, so a retry after an SMTP failure sends
/// only what did not go out, and a retry after a crash between sending and marking sends that same mail again under the
/// same Message-Id and with the same link: one message, one live link per person.</summary>
public sealed class InvitationMailer(InvitationService invitations, IConfiguration config, IStringLocalizer<AdminText> t, ILogger<InvitationMailer> logger)
{
    public const string Path = "/account/invitation";

    public bool CanMail => MailServer.IsConfigured(config);

    /// <summary>Sends every invitation mail not sent yet. Returns how many were sent.</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        if (!CanMail)
        {
            logger.LogWarning("SMTP is not configured (Smtp:Host): invitation mails wait until it is");
            return 0;
        }
        var pending = await invitations.PendingMailsAsync(ct);
        if (pending.Count == 0)
            return 0;
        MailServer.UseOfficeCulture();
        var baseUrl = MailServer.BaseUrl(config);
        using var client = await MailServer.ConnectAsync(config, ct);
        foreach (var mail in pending)
        {
            var message = MailServer.Message(config, mail.DisplayName, mail.Email, t["Invite_MailSubject"], Body(baseUrl, mail));
            message.MessageId = mail.MessageId;
            await client.SendAsync(message, ct);
            await invitations.MarkSentAsync(mail.Id, ct);
        }
        await client.DisconnectAsync(quit: true, ct);
        logger.LogInformation("Invitation mails sent: {Count}", pending.Count);
        return pending.Count;
    }

    private string Body(Uri baseUrl, InvitationMail mail) =>
        new StringBuilder()
            .AppendLine(t["Invite_MailGreeting", mail.DisplayName]).AppendLine()
            .AppendLine(t["Invite_MailIntro"])
            .AppendLine(t["Invite_MailValid", Domain.Resources.DomainText.DateTime(mail.ExpiresAtUtc)]).AppendLine()
            .AppendLine(new Uri(baseUrl, Path + "?token=" + mail.Token).ToString()).AppendLine()
            .AppendLine(t["Invite_MailEmail", mail.Email]).AppendLine()
            .AppendLine(t["Invite_MailFooter"])
            .ToString();
}

/// <summary>Issuing invitations and the Hangfire job that mails them (queued by each issue; safe to run twice or to retry).</summary>
public sealed class InvitationMailJob(InvitationMailer mailer, InvitationService invitations, IBackgroundJobClient jobs, IConfiguration config)
{
    /// <summary>Issues invitations (<see cref="InvitationService.IssueAsync"/>: to these accounts, or with null to everyone
    /// without a password and a live invitation) and queues their mails. Refused without SMTP. Returns how many.</summary>
    public async Task<int> IssueAsync(string callerId, IReadOnlyCollection<string>? userIds, CancellationToken ct = default)
    {
        if (!mailer.CanMail)
            throw new DomainException(DomainError.InvitationNoMail);
        var issued = await invitations.IssueAsync(callerId, userIds, MailServer.BaseUrl(config).Host, ct);
        if (issued > 0)
            jobs.Enqueue<InvitationMailJob>(j => j.RunAsync(CancellationToken.None));
        return issued;
    }

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 10)]
    public Task<int> RunAsync(CancellationToken ct) => mailer.SendAsync(ct);
}
