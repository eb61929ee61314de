using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DxTracker.App.Jobs;

/// <summary>The office's SMTP server as configured ("Smtp:Host", "Smtp:Port", "Smtp:Security", "Smtp:UserName",
/// "Smtp:Password", "Smtp:From"), read live, shared by the reminder digests and the invitations.</summary>
public static class MailServer
{
    public static bool IsConfigured(IConfiguration config) => !string.IsNullOrWhiteSpace(config["Smtp:Host"]);

    /// <summary>The app's public address, for the links in mails ("App:BaseUrl").</summary>
    public static Uri BaseUrl(IConfiguration config) => new(config["App:BaseUrl"] ?? "http://localhost:5090");

    /// <summary>Mail goes out in the office's language: a background job has no request culture.</summary>
    public static void UseOfficeCulture() =>
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture =
            System.Globalization.CultureInfo.GetCultureInfo(Hosting.LocalizationSetup.Cultures[0]);

    /// <summary>A connected (and, with a user name, authenticated) client.</summary>
    public static async Task<SmtpClient> ConnectAsync(IConfiguration config, CancellationToken ct)
    {
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(config["Smtp:Host"]!, config.GetValue("Smtp:Port", 25),
                Enum.Parse<SecureSocketOptions>(config["Smtp:Security"] ?? nameof(SecureSocketOptions.Auto)), ct);
            if (config["Smtp:UserName"] is { Length: > 0 } userName)
                await client.AuthenticateAsync(userName, config["Smtp:Password"] ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A plain-text message from the configured sender to one person.</summary>
    public static MimeMessage Message(IConfiguration config, string displayName, string email, string subject, string body)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(config["Smtp:From"] ?? "dxtracker@localhost"));
        message.To.Add(new MailboxAddress(displayName, email));
        return message;
    }
}
