using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DxTracker.App.Hosting;
using DxTracker.App.Jobs;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>Invitations in Chromium against the running app, its Hangfire server and the in-process SMTP server: the DX
/// team invites a head from the users page, the head follows the mailed link, sets a password, signs in and sees their 課's
/// procedures; the used link and an expired one are refused with a clear message; the head changes their password. Without
/// SMTP: the organisation import's new head gets a setup code in the downloaded list, a re-issue from the users page kills it,
/// and the head sets a password with the new code and signs in.</summary>
[Collection(AppCollection.Name)]
public sealed partial class InvitationTests(AppFixture app)
{
    private const string Password = "ことしの春は桜がきれいだった";
    private const string NewPassword = "秋の紅葉も見に行きたいですね";

    [GeneratedRegex(@"http://\S+/account/invitation\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex Link();

    [Fact]
    public async Task A_head_follows_the_mailed_link_sets_a_password_signs_in_and_sees_their_procedures_and_used_or_expired_links_are_refused()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var config = app.Factory.Services.GetRequiredService<IConfiguration>();
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None", ["App:BaseUrl"] = app.BaseAddress.ToString(),
        };
        foreach (var (key, value) in settings)
            config[key] = value;
        try
        {
            var (department, email) = await NewHeadWithoutPasswordAsync("招待 太郎");
            var (_, expiring) = await NewHeadWithoutPasswordAsync("期限 花子");
            var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
            var procedure = "招待テストの手続 " + Guid.NewGuid().ToString("N")[..6];
            await StallData.AddProcedureAsync(factory, department, await AppData.DxTeamActorAsync(app.Factory.Services), DateTime.UtcNow, ProcedureStatus.UnderReview, procedure);

            // The DX team invites the head from the users page.
            foreach (var width in new[] { 1280, 390 })
            {
                var dx = await app.SignInAsync(DemoSetup.DxTeamEmail, width: width);
                await dx.GotoInteractiveAsync("/admin/users");
                await dx.Locator("[data-testid=user-search] input, input[data-testid=user-search]").First.FillAsync(email);
                var row = dx.Locator("[data-testid=users-table] tbody tr", new() { HasText = email });
                await row.Locator("[data-testid=user-invitation]", new() { HasText = width == 1280 ? "未招待" : "招待中" }).WaitForAsync();
                if (width == 1280)
                {
                    await row.Locator("[data-testid=invite]").ClickAsync();
                    await dx.Locator(".mud-snackbar", new() { HasText = "1人に招待を発行しました" }).WaitForAsync();
                    await MailArrivesAsync(smtp, email);
                    // The page re-reads the waiting mails every 2 seconds.
                    await row.Locator("[data-testid=user-invitation]", new() { HasText = "招待中" }).WaitForAsync(new() { Timeout = 15_000 });
                }
                await Screens.SaveAsync(dx, $"users-invitation-{width}");
                await dx.Context.CloseAsync();
            }
            var message = Assert.Single(smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == email));
            Assert.Equal("【DxTracker】パスワード設定のご案内", message.Subject);
            Assert.Contains("招待 太郎 様", message.TextBody);
            var link = Link().Match(message.TextBody ?? "").Value;
            Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/') + "/account/invitation?token=", link);

            // The head follows the link (a refused password first), sets a password and signs in.
            var page = await app.NewPageAsync(1280);
            await page.GotoAsync(link);
            Assert.Equal(email, await page.InputValueAsync("#email"));
            await Screens.SaveAsync(page, "invitation-1280");
            await page.FillAsync("#password", "みじかい");
            await page.FillAsync("#confirm", "みじかい");
            await page.ClickAsync("[data-testid=invitation-submit]");
            Assert.Equal("パスワードは12文字以上で入力してください。", (await page.Locator("[data-testid=invitation-error]").TextContentAsync())?.Trim());
            await Screens.SaveAsync(page, "invitation-error-1280");
            await page.FillAsync("#password", Password);
            await page.FillAsync("#confirm", Password);
            await page.ClickAsync("[data-testid=invitation-submit]");
            await page.Locator("[data-testid=login-password-set]").WaitForAsync();
            Assert.Equal(email, await page.InputValueAsync("#email"));
            await Screens.SaveAsync(page, "invitation-done-1280");
            await page.FillAsync("#password", Password);
            await page.ClickAsync("[data-testid=login-submit]");
            await page.WaitForInteractiveAsync();
            await page.GotoInteractiveAsync($"/departments/{department}");
            await page.GetByText(procedure).First.WaitForAsync();

            // The used link, at both widths.
            foreach (var width in new[] { 1280, 390 })
            {
                var again = await app.NewPageAsync(width);
                await again.GotoAsync(link);
                Assert.Contains("この招待リンクはすでに使われています", await again.Locator("[data-testid=invitation-refused]").TextContentAsync());
                Assert.Equal(0, await again.Locator("#password").CountAsync());
                await Screens.SaveAsync(again, $"invitation-used-{width}");
                await again.Context.CloseAsync();
            }

            // An expired link: issued a week and a second ago.
            var dxUser = await AppData.DxTeamActorAsync(app.Factory.Services);
            string expiringId;
            await using (var db = await factory.CreateDbContextAsync())
                expiringId = await db.Users.Where(u => u.Email == expiring).Select(u => u.Id).SingleAsync();
            await using (var scope = app.Factory.Services.CreateAsyncScope())
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<InvitationMailJob>().IssueAsync(dxUser.UserId, [expiringId]));
            await MailArrivesAsync(smtp, expiring);
            var expiredLink = Link().Match(smtp.Messages.Single(m => m.To.Mailboxes.Any(b => b.Address == expiring)).TextBody ?? "").Value;
            await using (var db = await factory.CreateDbContextAsync())
                await db.Invitations.Where(i => i.UserId == expiringId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAtUtc, DateTime.UtcNow.AddSeconds(-1)));
            var expired = await app.NewPageAsync(390);
            await expired.GotoAsync(expiredLink);
            var refusal = await expired.Locator("[data-testid=invitation-refused]").TextContentAsync();
            Assert.Contains("この招待リンクは有効期限", refusal);
            Assert.Contains("DX推進担当に招待の再送を依頼してください", refusal);
            await Screens.SaveAsync(expired, "invitation-expired-390");
            await expired.Context.CloseAsync();

            // The head changes their password from the user menu's page.
            await page.GotoAsync("/account/password");
            await page.FillAsync("#current", "まちがったパスワードです");
            await page.FillAsync("#password", NewPassword);
            await page.FillAsync("#confirm", NewPassword);
            await page.ClickAsync("[data-testid=password-submit]");
            Assert.Equal("現在のパスワードが正しくありません。", (await page.Locator("[data-testid=password-error]").TextContentAsync())?.Trim());
            await Screens.SaveAsync(page, "password-error-1280");
            await page.FillAsync("#current", Password);
            await page.FillAsync("#password", NewPassword);
            await page.FillAsync("#confirm", NewPassword);
            await page.ClickAsync("[data-testid=password-submit]");
            await page.Locator("[data-testid=password-changed]").WaitForAsync();
            // This session goes on (its cookie was renewed): the department page still opens.
            await page.GotoInteractiveAsync($"/departments/{department}");
            await page.GetByText(procedure).First.WaitForAsync();
            await page.Context.CloseAsync();
            var narrow = await app.SignInAsync(email, NewPassword, width: 390);
            await narrow.GotoAsync("/account/password");
            await Screens.SaveAsync(narrow, "password-390");
            await narrow.Context.CloseAsync();
        }
        finally
        {
            foreach (var key in settings.Keys)
                config[key] = null;
        }
    }

    /// <summary>Waits for the app's Hangfire job to mail <paramref name="email"/>. The deadline is HangfireJobs' (a job has
    /// waited over 30 s in a loaded CI pass); a timeout says what Hangfire and the invitation were doing.</summary>
    private async Task MailArrivesAsync(SmtpTestServer smtp, string email)
    {
        try
        {
            await Waiting.UntilAsync($"the invitation mail to {email}", TimeSpan.FromSeconds(120), () => smtp.Recipients().Contains(email));
        }
        catch (TimeoutException e)
        {
            var monitoring = app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var servers = string.Join("; ", monitoring.Servers().Select(s => $"{s.Name}: {s.WorkersCount} workers, heartbeat {s.Heartbeat:O}"));
            await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
            var sent = await db.Invitations.Where(i => db.Users.Any(u => u.Id == i.UserId && u.Email == email)).Select(i => i.SentAtUtc).ToListAsync();
            throw new TimeoutException($"{e.Message} Hangfire: {monitoring.EnqueuedCount("default")} enqueued, {monitoring.ProcessingCount()} processing, "
                + $"{monitoring.ScheduledCount()} scheduled, {monitoring.FailedCount()} failed; servers: {servers}. "
                + $"The address's invitations sent at: [{string.Join(", ", sent)}].", e);
        }
    }

    [Fact]
    public async Task Without_SMTP_a_new_head_from_the_organisation_import_gets_a_setup_code_in_the_list_and_sets_a_password_with_it()
    {
        Assert.False(MailServer.IsConfigured(app.Factory.Services.GetRequiredService<IConfiguration>()));
        var code = "S" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        var email = $"head-{code.ToLowerInvariant()}@city.example.jp";
        var departmentName = "設定課" + code[^4..];
        var directory = Directory.CreateTempSubdirectory("dxtracker-e2e-");
        var sheetPath = Path.Combine(directory.FullName, "組織表.xlsx");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // The current organisation plus one 課 with a new head.
            using var workbook = new XLWorkbook(new MemoryStream(await scope.ServiceProvider.GetRequiredService<OrganisationExportService>().ExportAsync()));
            var sheet = workbook.Worksheet(OrganisationColumns.SheetName);
            var row = sheet.LastRowUsed()!.RowNumber() + 1;
            string[] cells = ["D" + code, "設定部", code, departmentName, "10", email, "設定 次郎"];
            for (var c = 0; c < cells.Length; c++)
                sheet.Cell(row, c + 1).SetValue(cells[c]);
            workbook.SaveAs(sheetPath);
        }

        var dx = await app.SignInAsync(DemoSetup.DxTeamEmail, width: 1280);
        await dx.GotoInteractiveAsync("/admin/organisation");
        await dx.SetInputFilesAsync("[data-testid=organisation-import] input[type=file]", sheetPath);
        await dx.ClickAsync("[data-testid=organisation-import-commit]");
        var invite = dx.Locator("[data-testid=organisation-invite-new]");
        Assert.Equal("新しい所管課長1人のセットアップコードを発行", (await invite.TextContentAsync())?.Trim());
        await Screens.SaveAsync(dx, "organisation-new-heads-1280");
        await invite.ClickAsync();
        await dx.Locator(".mud-dialog", new() { HasText = "一覧をもう一度ダウンロードすることはできません" }).WaitForAsync();
        await Screens.SaveAsync(dx, "setup-codes-confirm-1280");
        var first = await CodeFromListAsync(await dx.RunAndWaitForDownloadAsync(() => dx.GetByRole(AriaRole.Button, new() { Name = "発行してダウンロード" }).ClickAsync()),
            email, departmentName);
        await dx.Locator(".mud-snackbar", new() { HasText = "1人分のセットアップコードを発行し" }).WaitForAsync();
        Assert.Equal(0, await invite.CountAsync());

        // The list was lost: the DX team issues a new code from the users page (the first one dies).
        await dx.GotoInteractiveAsync("/admin/users");
        Assert.Contains("/account/setup-code", await dx.Locator("[data-testid=invite-no-mail]").TextContentAsync());
        await dx.Locator("[data-testid=user-search] input, input[data-testid=user-search]").First.FillAsync(email);
        var userRow = dx.Locator("[data-testid=users-table] tbody tr", new() { HasText = email });
        await userRow.Locator("[data-testid=user-invitation]", new() { HasText = "招待中" }).WaitForAsync();
        await Screens.SaveAsync(dx, "users-setup-codes-1280");
        await userRow.Locator("[data-testid=invite]").ClickAsync();
        var second = await CodeFromListAsync(await dx.RunAndWaitForDownloadAsync(() => dx.GetByRole(AriaRole.Button, new() { Name = "発行してダウンロード" }).ClickAsync()),
            email, departmentName);
        Assert.NotEqual(first, second);
        await dx.Context.CloseAsync();

        // The head: from the sign-in page, the old code first (refused, the e-mail kept), then the new one typed loosely.
        var page = await app.NewPageAsync(1280);
        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=login-setup-code]");
        // The sign-in page has an #email too: wait for the setup-code page's own field before typing.
        await page.Locator("#code").WaitForAsync();
        await page.FillAsync("#email", email);
        await page.FillAsync("#code", first);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("[data-testid=setup-code-submit]");
        Assert.Contains("新しいコードが発行されたため使えなくなりました", await page.Locator("[data-testid=setup-code-error]").TextContentAsync());
        Assert.Equal((email, first, ""), (await page.InputValueAsync("#email"), await page.InputValueAsync("#code"), await page.InputValueAsync("#password")));
        await Screens.SaveAsync(page, "setup-code-error-1280");
        await page.FillAsync("#code", second.Replace("-", " ").ToLowerInvariant());
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("[data-testid=setup-code-submit]");
        await page.Locator("[data-testid=login-password-set]").WaitForAsync();
        Assert.Equal(email, await page.InputValueAsync("#email"));
        await page.FillAsync("#password", Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForInteractiveAsync();
        int departmentId;
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
            departmentId = await db.Departments.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
        await page.GotoInteractiveAsync($"/departments/{departmentId}");
        await page.GetByText(departmentName).First.WaitForAsync();
        await page.Context.CloseAsync();

        foreach (var (path, name) in new[] { ("/account/setup-code", "setup-code-390"), ("/account/login", "login-390") })
        {
            var narrow = await app.NewPageAsync(390);
            await narrow.GotoAsync(path);
            await Screens.SaveAsync(narrow, name);
            await narrow.Context.CloseAsync();
        }
        var narrowDx = await app.SignInAsync(DemoSetup.DxTeamEmail, width: 390);
        await narrowDx.GotoInteractiveAsync("/admin/users");
        await narrowDx.Locator("[data-testid=users-table]").WaitForAsync();
        await Screens.SaveAsync(narrowDx, "users-390");
        await narrowDx.Context.CloseAsync();
    }

    /// <summary>The setup code of <paramref name="email"/> from a downloaded list, after checking the list's columns and row.</summary>
    private static async Task<string> CodeFromListAsync(IDownload download, string email, string department)
    {
        Assert.StartsWith("セットアップコード_", download.SuggestedFilename);
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await using var file = File.OpenRead(await download.PathAsync());
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheet("セットアップコード");
        Assert.Equal(["氏名", "メールアドレス", "所属", "セットアップコード", "有効期限", "入力するページ"], sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        var row = Assert.Single(sheet.RowsUsed().Skip(1), r => r.Cell(2).GetString() == email);
        Assert.Equal(("設定 次郎", department), (row.Cell(1).GetString(), row.Cell(3).GetString()));
        var expires = row.Cell(5).GetDateTime();
        Assert.InRange(expires, DateTime.UtcNow.AddHours(9).AddDays(7).AddMinutes(-10), DateTime.UtcNow.AddHours(9).AddDays(7).AddMinutes(1));
        Assert.EndsWith("/account/setup-code", row.Cell(6).GetString());
        return row.Cell(4).GetString();
    }

    /// <summary>A new 課 and its head's account without a password, as the organisation import makes them.</summary>
    private async Task<(int DepartmentId, string Email)> NewHeadWithoutPasswordAsync(string name)
    {
        var code = "I" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var department = new Department { Code = code, Name = "招待課" + code[^4..], Division = new Division { Code = "D" + code, Name = "招待部" } };
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync())
        {
            db.Departments.Add(department);
            await db.SaveChangesAsync();
        }
        var email = $"head-{code.ToLowerInvariant()}@city.example.jp";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, DepartmentId = department.Id };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, nameof(Role.DepartmentHead))).Succeeded);
        return (department.Id, email);
    }
}
