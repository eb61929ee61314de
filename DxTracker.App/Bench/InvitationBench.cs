using System.Globalization;
using DxTracker.App.Features.Admin;
using DxTracker.App.Jobs;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Bench;

/// <summary>Issuing <see cref="Count"/> invitations at once (the DX team's "invite everyone" after the first organisation
/// import) and mailing them to a local SMTP server, through the app's service and the job's mailer. Each run re-issues to
/// the same accounts (the earlier invitations die), so every run writes and mails all of them.</summary>
internal static class InvitationBench
{
    public const int Count = 1_000;
    public const double TargetMs = 60_000;
    public const string Name = "Invitations: issue 1,000 + mail each to a local SMTP server";
    public const string CodesName = "Invitations without SMTP: 1,000 setup codes + their Excel list";

    public static async Task RunAsync(BenchDatabase database, BenchQuestion question, int runs, TextWriter output)
    {
        await using var sink = new SmtpSink();
        var ids = await AddInviteesAsync(database);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["App:BaseUrl"] = "https://dx.bench.example.jp/",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var clock = TimeProvider.System;
        var invitations = new InvitationService(database, services.GetRequiredService<IServiceScopeFactory>(), new EphemeralDataProtectionProvider(),
            Options.Create(new IdentityOptions()), clock, new AuditLog(database, clock, new BenchOrigin()), NullLogger<InvitationService>.Instance);
        var mailer = new InvitationMailer(invitations, config, services.GetRequiredService<IStringLocalizer<AdminText>>(), NullLogger<InvitationMailer>.Instance);
        var sample = await Measurement.RunAsync(async () =>
        {
            var before = sink.Messages;
            var issued = await invitations.IssueAsync(question.DxTeamUserId, ids, "dx.bench.example.jp");
            var sent = await mailer.SendAsync(CancellationToken.None);
            return string.Create(CultureInfo.InvariantCulture, $"{issued:N0} issued, {sent:N0} mailed, {sink.Messages - before:N0} received");
        }, runs, false);
        await WriteAsync(output, Name, sample);

        // Without SMTP: the same 1,000 get setup codes (the earlier invitations die) and the list the DX team downloads.
        var codes = await Measurement.RunAsync(async () =>
        {
            var issued = await invitations.IssueSetupCodesAsync(question.DxTeamUserId, ids);
            var list = SetupCodeFile.Build(issued, "https://dx.bench.example.jp" + InvitationIssuer.SetupCodePath);
            return string.Create(CultureInfo.InvariantCulture, $"{issued.Count:N0} codes, list of {issued.Count:N0} rows ({list.Length / 1024:N0} KB)");
        }, runs, false);
        await WriteAsync(output, CodesName, codes);
    }

    private static Task WriteAsync(TextWriter output, string name, Sample sample)
    {
        var met = sample.MedianMs <= TargetMs ? "yes" : string.Create(CultureInfo.InvariantCulture, $"no: {sample.MedianMs / TargetMs:0.0}× over time");
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {BenchCommand.Format(sample)} | — | — | ≤ {TargetMs:N0} ms | {met} | app: {sample.Answer} |"));
    }

    /// <summary>DepartmentHead accounts without a password, as the organisation import makes them.</summary>
    private static async Task<List<string>> AddInviteesAsync(BenchDatabase database)
    {
        await using var db = database.CreateDbContext();
        var role = await db.Roles.Where(r => r.Name == nameof(Role.DepartmentHead)).Select(r => r.Id).SingleAsync();
        var ids = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"bench-invitee{i:D4}@bench.example.jp");
            var user = new AppUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = string.Create(CultureInfo.InvariantCulture, $"招待 {i}"), SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
            ids.Add(user.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }
}
