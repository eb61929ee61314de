using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Tests.Support;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace DxTracker.Tests.Reminders;

public sealed class ReminderMailTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    private TestDatabase _db = default!;
    private readonly FakeTimeProvider _clock = new(Start);
    private int _procedure;
    private int _hearing;
    private string _headEmail = "";
    private List<string> _dxEmails = [];

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var department = (await _db.AddDepartmentsAsync("KOSEKI"))[0].Id;
        var dx = await _db.AddUserAsync(Role.DxTeam, name: "山田 花子");
        var dx2 = await _db.AddUserAsync(Role.DxTeam, name: "佐藤 健");
        var head = await _db.AddUserAsync(Role.DepartmentHead, department, "戸籍課長");
        await _db.AddUserAsync(Role.Manager);
        await SettingsSetup.EnsureDefaultsAsync(_db);
        await using (var context = _db.CreateDbContext())
        {
            // The head's address sorts last, so a refused head mail comes after the DX team's were sent.
            _headEmail = "zz-head@city.example.jp";
            await context.Users.Where(u => u.Id == head.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, _headEmail));
            _dxEmails = await context.Users.Where(u => u.Id == dx.UserId || u.Id == dx2.UserId).Select(u => u.Email!).ToListAsync();
        }
        _procedure = await StallData.AddProcedureAsync(_db, department, dx, Start, ProcedureStatus.UnderReview, "児童手当の認定請求");
        await StallData.AddHearingAsync(_db, department, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 20));
        await using (var context = _db.CreateDbContext())
            _hearing = await context.HearingSessions.Select(h => h.Id).SingleAsync();
        _clock.Advance(TimeSpan.FromDays(61));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private List<string> Everyone() => [.. _dxEmails.Append(_headEmail).Order()];

    [Fact]
    public async Task Each_person_gets_one_Japanese_digest_with_absolute_links()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var services = ReminderJobServices.Build(_db, _clock, smtp.Port);

        await ReminderJobServices.RunAsync(services);

        Assert.Equal(Everyone(), smtp.Recipients());
        var headMail = smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == _headEmail);
        Assert.Equal("【DxTracker】リマインド 2件", headMail.Subject);
        Assert.Equal("dx-team@city.example.jp", headMail.From.Mailboxes.Single().Address);
        var body = headMail.TextBody;
        Assert.Contains("戸籍課長 様", body);
        Assert.Matches(@"■ 停滞している手続：P-\w+ 児童手当の認定請求（KOSEKI課、2026年4月1日から停滞）", body);
        Assert.Contains($"{ReminderJobServices.BaseUrl}procedures/{_procedure}", body);
        Assert.Contains("■ 期限切れのフォローアップ：申請様式の見直し案を提出（KOSEKI課、期限 2026年4月20日）", body);
        Assert.Contains($"{ReminderJobServices.BaseUrl}hearings/{_hearing}", body);
        Assert.Contains($"リマインドの一覧：{ReminderJobServices.BaseUrl}reminders", body);
        await using var context = _db.CreateDbContext();
        Assert.Equal(0, await context.Reminders.CountAsync(r => r.MailedAtUtc == null));
    }

    [Fact]
    public async Task A_crash_between_sending_and_marking_sends_the_same_mail_again_under_the_same_Message_Id_and_no_third()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        using var crash = new CancellationTokenSource();
        // The job stops right after the server kept the first digest, before it answered: the mail went out, the job never
        // got to mark it (as a process killed at that point).
        smtp.AfterKeeping = _ => crash.CancelAsync();
        await using (var services = ReminderJobServices.Build(_db, _clock, smtp.Port))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReminderJobServices.RunAsync(services, crash.Token));
        var first = Assert.Single(smtp.Messages);
        await using (var context = _db.CreateDbContext())
        {
            var recorded = await context.ReminderMails.Where(m => m.SentAtUtc == null).Select(m => m.MessageId).ToListAsync();
            Assert.Contains(first.MessageId, recorded);
            Assert.Equal(6, await context.Reminders.CountAsync(r => r.MailedAtUtc == null));
        }

        // The next run, on services built afresh over the same database (as after a restart).
        smtp.AfterKeeping = null;
        await using (var restarted = ReminderJobServices.Build(_db, _clock, smtp.Port))
        {
            await ReminderJobServices.RunAsync(restarted);
            await ReminderJobServices.RunAsync(restarted);
        }

        var again = smtp.Messages.Where(m => m.MessageId == first.MessageId).ToList();
        Assert.Equal(2, again.Count);
        Assert.Equal(first.TextBody, again[1].TextBody);
        Assert.Equal(first.To.ToString(), again[1].To.ToString());
        // Everyone else once; nothing a third time.
        Assert.Equal(Everyone().Count + 1, smtp.Messages.Count);
        Assert.Equal(Everyone(), smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Order().ToList());
        Assert.Equal(Everyone().Count, smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        await using var check = _db.CreateDbContext();
        Assert.Equal(0, await check.Reminders.CountAsync(r => r.MailedAtUtc == null));
        Assert.Equal(0, await check.ReminderMails.CountAsync(m => m.SentAtUtc == null));
    }

    [Fact]
    public async Task Running_again_or_with_services_built_afresh_over_the_same_database_sends_no_second_mail()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using (var services = ReminderJobServices.Build(_db, _clock, smtp.Port))
        {
            await ReminderJobServices.RunAsync(services);
            await ReminderJobServices.RunAsync(services);
        }
        _clock.Advance(TimeSpan.FromDays(1));
        await using (var restarted = ReminderJobServices.Build(_db, _clock, smtp.Port))
            await ReminderJobServices.RunAsync(restarted);

        Assert.Equal(Everyone(), smtp.Recipients());
        await using var context = _db.CreateDbContext();
        Assert.Equal(6, await context.Reminders.CountAsync());
    }

    [Fact]
    public async Task A_refused_mail_fails_the_run_and_the_retry_sends_only_that_mail()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.Refuse = m => m.To.Mailboxes.Any(a => a.Address == _headEmail);
        await using var services = ReminderJobServices.Build(_db, _clock, smtp.Port);

        await Assert.ThrowsAsync<SmtpCommandException>(() => ReminderJobServices.RunAsync(services));
        Assert.Equal(_dxEmails.Order(), smtp.Recipients());
        await using (var context = _db.CreateDbContext())
        {
            Assert.Equal([_headEmail, _headEmail], await context.Reminders.Where(r => r.MailedAtUtc == null)
                .Join(context.Users, r => r.UserId, u => u.Id, (r, u) => u.Email!).ToListAsync());
        }

        smtp.Refuse = null;
        await ReminderJobServices.RunAsync(services);

        Assert.Equal(Everyone(), smtp.Recipients());
    }

    [Fact]
    public async Task A_reminder_read_in_the_app_before_the_run_is_not_mailed()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var services = ReminderJobServices.Build(_db, _clock, smtp.Port);
        await new StallScanner(_db, _clock).ScanAsync();
        await using (var context = _db.CreateDbContext())
        {
            await context.Reminders.Where(r => context.Users.Any(u => u.Id == r.UserId && u.Email == _headEmail))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAtUtc, Start));
        }

        await ReminderJobServices.RunAsync(services);

        Assert.Equal(_dxEmails.Order(), smtp.Recipients());
    }

    [Fact]
    public async Task Without_smtp_the_reminders_stay_in_the_app_unmailed()
    {
        await using var services = ReminderJobServices.Build(_db, _clock, smtpPort: null);

        await ReminderJobServices.RunAsync(services);

        await using var context = _db.CreateDbContext();
        Assert.Equal(6, await context.Reminders.CountAsync(r => r.MailedAtUtc == null));
    }
}
