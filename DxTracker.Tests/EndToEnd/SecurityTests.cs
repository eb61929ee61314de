using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DxTracker.App.Components.Layout;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
public sealed partial class SecurityTests(AppFixture app)
{
    private static void AssertSecurityHeaders(IReadOnlyDictionary<string, string> headers, string url)
    {
        Assert.True(headers.TryGetValue("content-security-policy", out var csp), url);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        // One policy, ours: never the framework's weaker "frame-ancestors 'self'" beside or instead of it.
        Assert.DoesNotContain("frame-ancestors 'self'", csp);
        Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));
        Assert.Equal("same-origin", headers.GetValueOrDefault("referrer-policy"));
        Assert.False(headers.ContainsKey("x-powered-by"), url);
        Assert.False(headers.ContainsKey("server"), url);
    }

    [Fact]
    public async Task Prerendered_HTML_keeps_Japanese_as_characters_not_entities()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var html = await http.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        Assert.Contains("<h1 class=\"mud-typography mud-typography-h6\">ログイン</h1>", html);
        var escaped = NumericEntity().Matches(html).Select(m => m.Value).Where(e => Convert.ToInt32(e[3..^1], 16) > 0x7F).ToList();
        Assert.True(escaped.Count == 0, string.Join(" ", escaped.Take(20)));
    }

    [GeneratedRegex("&#x[0-9A-Fa-f]+;")]
    private static partial Regex NumericEntity();

    [Fact]
    public async Task Every_page_has_the_security_headers_and_works_in_Chromium_under_the_CSP()
    {
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                violations.Add(message.Text);
        };
        page.PageError += (_, error) => violations.Add("page error: " + error);
        var login = await page.GotoAsync("/account/login");
        AssertSecurityHeaders(login!.Headers, "/account/login");
        await AppFixture.SignInAsync(page, DemoSetup.DxTeamEmail);

        // Every page of the navigation (a DX team member sees them all), loaded fresh, then interactive.
        foreach (var href in NavEntries.Main.Concat(NavEntries.Admin).Select(e => e.Href).Append("/about"))
        {
            var response = await page.GotoInteractiveAsync(href);
            Assert.Equal(200, response!.Status);
            AssertSecurityHeaders(response.Headers, href);
        }
        // A MudMenu opens over the circuit and its item reloads the app in English.
        await page.ClickAsync("[data-testid=culture-menu] button");
        await page.ClickAsync(".mud-popover-open .mud-menu-item:has-text('English')");
        // The item reloads the page: wait for the English document, not the old one.
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.WaitForInteractiveAsync();
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Static_files_and_the_health_check_have_the_headers_too()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var url in new[] { "/favicon.png", HealthSetup.Path, "/account/login" })
        {
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
            AssertSecurityHeaders(headers, url);
        }
    }

    [Fact]
    public async Task The_health_check_reports_the_database_and_the_job_storage_without_secrets()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await http.GetAsync(HealthSetup.Path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var storage = TestDatabase.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";
        foreach (var check in new[] { "database", "jobs" })
        {
            var entry = json.RootElement.GetProperty("checks").GetProperty(check);
            Assert.Equal(("Healthy", storage), (entry.GetProperty("status").GetString(), entry.GetProperty("storage").GetString()));
        }
        Assert.DoesNotContain("Data Source", body);
        Assert.DoesNotContain("Password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.DataDirectory, body);
    }

    [Fact]
    public async Task The_circuit_refuses_a_cross_site_origin()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        async Task<HttpStatusCode> Negotiate(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
            request.Headers.Add("Origin", origin);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.Forbidden, await Negotiate("http://attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await Negotiate("null"));
        Assert.Equal(HttpStatusCode.OK, await Negotiate(app.BaseAddress.GetLeftPart(UriPartial.Authority)));
    }

    [Fact]
    public async Task Common_passwords_and_lengths_outside_12_to_128_are_refused_and_hashes_use_210000_iterations()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var _ = new Support.CultureScope("ja-JP");
        async Task<string[]> Create(string password) =>
            (await IdentitySetup.CreateUserAsync(scope.ServiceProvider, $"{Guid.NewGuid():N}@test.example", "検証 太郎", password, Role.Manager))
            .Errors.Select(e => e.Code).ToArray();

        Assert.Equal(["PasswordCommon"], await Create("password1234"));
        Assert.Equal(["PasswordCommon"], await Create("QWERTYUIOP123"));
        Assert.Equal(["PasswordTooShort"], await Create("kawa-no-ha1"));
        Assert.Equal(["PasswordTooLong"], await Create(new string('あ', 129)));
        Assert.Empty(await Create("もう少し長い合言葉を使いましょう"));
        var refused = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, "common@test.example", "検証 太郎", "iloveyou1234", Role.Manager);
        Assert.Contains("よく使われて", Assert.Single(refused.Errors).Description);

        var email = $"{Guid.NewGuid():N}@test.example";
        Assert.True((await IdentitySetup.CreateUserAsync(scope.ServiceProvider, email, "検証 太郎", "川沿いの桜並木を歩く春の朝", Role.Manager)).Succeeded);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var hash = Convert.FromBase64String((await users.FindByEmailAsync(email))!.PasswordHash!);
        // Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), ...
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(IdentitySetup.PasswordHashIterations, (hash[5] << 24) | (hash[6] << 16) | (hash[7] << 8) | hash[8]);
        Assert.Equal(210_000, IdentitySetup.PasswordHashIterations);
    }

    [Fact]
    public async Task Failed_sign_ins_lock_after_five_and_every_attempt_is_audited_and_browsable()
    {
        var email = $"audit-{Guid.NewGuid():N}@test.example";
        string userId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            Assert.True((await IdentitySetup.CreateUserAsync(scope.ServiceProvider, email, "監査 対象", "正しくて長い合言葉ですよね", Role.Manager)).Succeeded);
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
        }
        var page = await app.NewPageAsync();
        foreach (var password in new[] { "wrong-1-xxxxx", "wrong-2-xxxxx", "wrong-3-xxxxx", "wrong-4-xxxxx", "wrong-5-xxxxx", "正しくて長い合言葉ですよね" })
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", email);
            await page.FillAsync("#password", password);
            await page.ClickAsync("[data-testid=login-submit]");
            await page.WaitForSelectorAsync("[data-testid=login-error]");
        }
        await page.Context.CloseAsync();

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
            await using var _ = db;
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.UserName == email).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([.. Enumerable.Repeat(AuditActions.SignInFailed, 4), AuditActions.LockedOut, AuditActions.LockedOut], rows.Select(r => r.Action));
            Assert.All(rows, r => Assert.Equal((userId, false), (r.UserId, r.Succeeded)));
            Assert.All(rows, r => Assert.True(IPAddress.TryParse(r.RemoteIp, out var ip) && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip), r.RemoteIp));
            Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().IsLockedOutAsync((await db.Users.FindAsync(userId))!));
        }

        // The DX team finds them on the audit page, filtered by user.
        var dx = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await dx.GotoInteractiveAsync("/admin/audit");
        await dx.FillAsync("input[data-testid=audit-user], [data-testid=audit-user] input", email);
        await dx.Locator("[data-testid=audit-table] tbody tr").Filter(new() { HasText = "アカウントロック" }).First.WaitForAsync();
        await Assertions.Expect(dx.Locator("[data-testid=audit-table] tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(dx.Locator("[data-testid=audit-row-action]").Filter(new() { HasText = "ログイン失敗" })).ToHaveCountAsync(4);
        await dx.Context.CloseAsync();
    }
}
