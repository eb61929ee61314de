using System.Text.RegularExpressions;
using DxTracker.App.Hosting;
using DxTracker.App.Jobs;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static DxTracker.Tests.Support.HangfireJobs;

namespace DxTracker.Tests.Admin;

/// <summary>Invitation mails to the in-process SMTP server, through the app's mailer and a real Hangfire storage (SQLite
/// file). In the app collection: Hangfire keeps static state.</summary>
[Collection(AppCollection.Name)]
public sealed partial class InvitationMailTests
{
    private const string BaseUrl = "https://dx.city.example.jp/";

    [GeneratedRegex(@"https://dx\.city\.example\.jp/account/invitation\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex Link();

    private static async Task<(ServiceProvider Services, string Dx)> BuildAsync(TestDatabase db, int smtpPort, JobStorage storage, int heads)
    {
        var settings = new Dictionary<string, string?>
        {
            ["App:BaseUrl"] = BaseUrl,
            ["Smtp:From"] = "dx-team@city.example.jp",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
        };
        var collection = new ServiceCollection().AddAdminOn(db);
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(storage));
        var services = collection.BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider);
        var departments = await db.AddDepartmentsAsync(Enumerable.Range(1, heads).Select(i => $"K{i:00}").ToArray());
        var dx = await db.AddUserAsync(Role.DxTeam);
        foreach (var department in departments)
            await db.AddUserAsync(Role.DepartmentHead, department.Id, "課長 " + department.Code);
        // The DX team member has a password; only the heads are invited.
        await using (var context = db.CreateDbContext())
            await context.Users.Where(u => u.Id == dx.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, "x"));
        return (services, dx.UserId);
    }

    private static string LinkIn(MimeMessage message) => Link().Match(message.TextBody ?? "").Value;

    [Fact]
    public async Task With_SMTP_down_the_bulk_job_fails_in_Hangfire_and_its_retry_mails_each_head_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var smtpPort = SmtpTestServer.ReservePort();
        var storage = new SQLiteStorage(Path.Combine(db.Directory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) });
        var (services, dx) = await BuildAsync(db, smtpPort.Port, storage, 3);
        await using var _ = services;
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
            WorkerCount = 1,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
        }, storage);

        await using (var scope = services.CreateAsyncScope())
            Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<InvitationMailJob>().IssueAsync(dx, null));
        var monitoring = storage.GetMonitoringApi();
        await Waiting.UntilAsync("the invitation job's first attempt to fail and be scheduled for a retry", TimeSpan.FromSeconds(30), () => monitoring.ScheduledCount() == 1);
        var jobId = monitoring.ScheduledJobs(0, 1).Single().Key;
        Assert.Equal(3, await services.GetRequiredService<InvitationService>().WaitingCountAsync());

        await using var smtp = await SmtpTestServer.StartAsync(smtpPort);
        new BackgroundJobClient(storage).Requeue(jobId);
        await WaitForStateAsync(storage, jobId, "Succeeded");
        var again = new BackgroundJobClient(storage).Enqueue<InvitationMailJob>(j => j.RunAsync(CancellationToken.None));
        await WaitForStateAsync(storage, again, "Succeeded");
        server.SendStop();

        Assert.Equal(3, smtp.Messages.Count);
        Assert.Equal(3, smtp.Recipients().Distinct().Count());
        Assert.Equal(3, smtp.Messages.Select(LinkIn).Where(l => l.Length > 0).Distinct().Count());
        var first = smtp.Messages.First();
        Assert.Equal("【DxTracker】パスワード設定のご案内", first.Subject);
        Assert.Equal("dx-team@city.example.jp", first.From.Mailboxes.Single().Address);
        Assert.Contains("様", first.TextBody);
        Assert.Equal(0, await services.GetRequiredService<InvitationService>().WaitingCountAsync());
        await using var context = db.CreateDbContext();
        Assert.Equal(3, await context.Invitations.CountAsync(i => i.SentAtUtc != null && i.PendingToken == null));
    }

    [Fact]
    public async Task A_crash_between_sending_and_marking_sends_that_mail_again_under_the_same_Message_Id_and_link()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        var storage = new SQLiteStorage(Path.Combine(db.Directory, "hangfire.db"), new SQLiteStorageOptions());
        var (services, dx) = await BuildAsync(db, smtp.Port, storage, 2);
        await using var _ = services;
        await services.GetRequiredService<InvitationService>().IssueAsync(dx, null, "dx.city.example.jp");

        // The first mail is kept by the server, and the sender stops before it hears "250": as if the process died there.
        using var crash = new CancellationTokenSource();
        smtp.AfterKeeping = async _ =>
        {
            smtp.AfterKeeping = null;
            await crash.CancelAsync();
            await Task.Delay(300);
        };
        await using (var scope = services.CreateAsyncScope())
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scope.ServiceProvider.GetRequiredService<InvitationMailer>().SendAsync(crash.Token));
        Assert.Single(smtp.Messages);

        await using (var scope = services.CreateAsyncScope())
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<InvitationMailer>().SendAsync(CancellationToken.None));
        await using (var scope = services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<InvitationMailer>().SendAsync(CancellationToken.None));

        var messages = smtp.Messages.ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal(2, messages.Select(m => m.MessageId).Distinct().Count());
        var twice = messages.GroupBy(m => m.MessageId).Single(g => g.Count() == 2).ToList();
        Assert.Equal(LinkIn(twice[0]), LinkIn(twice[1]));
        Assert.NotEqual("", LinkIn(twice[0]));
        // And that link works.
        var token = LinkIn(twice[1])[(LinkIn(twice[1]).IndexOf('=') + 1)..];
        Assert.Equal(InvitationState.Valid, (await services.GetRequiredService<InvitationService>().CheckAsync(token)).State);
    }
}
