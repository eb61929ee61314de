using System.Diagnostics;
using System.Net;
using DxTracker.App.Account;
using DxTracker.App.Features.Admin;
using DxTracker.App.Hosting;
using DxTracker.App.Security;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DxTracker.Tests.Security;

/// <summary>Attacks replayed over plain HTTP against the real app (the shared in-process app on Kestrel, demo mode):
/// what a script does with curl, no browser involved. The production-only ones (rate limit behind a proxy, demo
/// accounts after demo mode, the Secure cookie) are in <see cref="ProductionAttackTests"/>.</summary>
[Collection(AppCollection.Name)]
public sealed class HttpAttackTests(AppFixture app)
{
    private const string Forbidden = "この画面を表示する権限がありません";
    private const string StrongPassword = "川沿いの桜並木を歩く春の朝";

    private HttpClient Client() => HttpForms.Client(app.BaseAddress);

    /// <summary>A new user with a known password, through the app's own Identity.</summary>
    private async Task<(string Id, string Email)> NewUserAsync(Role role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@city.example.jp";
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var created = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, email, "被害 太郎", StrongPassword, role);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return ((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id, email);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password = DemoSetup.Password)
    {
        var http = Client();
        using var response = await HttpForms.SignInAsync(http, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email}: {response.StatusCode}");
        return http;
    }

    private static HttpRequestMessage PageRequest(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    [Theory]
    [InlineData("%5Cevil.example")]
    [InlineData("%09/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task Sign_in_with_a_returnUrl_pointing_off_site_lands_on_the_home_page(string returnUrl)
    {
        using var http = Client();
        using var response = await HttpForms.SignInAsync(http, DemoSetup.ManagerEmail, DemoSetup.Password, "/account/login?returnUrl=" + returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_in_with_a_local_returnUrl_goes_back_there()
    {
        using var http = Client();
        using var response = await HttpForms.SignInAsync(http, DemoSetup.ManagerEmail, DemoSetup.Password, "/account/login?returnUrl=%2Freminders%3Fx%3D1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reminders?x=1", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(DemoSetup.HeadEmailExample, "/admin/users")]
    [InlineData(DemoSetup.ManagerEmail, "/admin/audit")]
    [InlineData(DemoSetup.ManagerEmail, "/jobs")]
    [InlineData(DemoSetup.HeadEmailExample, "/inventory/template.xlsx")]
    public async Task A_signed_in_user_sent_to_a_page_of_another_role_gets_the_forbidden_page_not_the_sign_in_form(string email, string url)
    {
        using var http = await SignedInAsync(email);
        using var response = await http.SendAsync(PageRequest(url));
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(Forbidden, body);
        Assert.Contains("href=\"/\"", body);
        Assert.DoesNotContain("id=\"password\"", body);
    }

    [Fact]
    public async Task Anonymous_requests_to_the_job_dashboard_flood_the_audit_log_with_one_row_per_address_per_minute()
    {
        var attacker = $"192.0.2.{Random.Shared.Next(1, 250)}";
        long before;
        await using (var db = await app.Database.CreateDbContextAsync())
            before = await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;
        using var http = Client();
        for (var i = 0; i < 30; i++)
        {
            using var request = PageRequest(i % 2 == 0 ? "/jobs" : "/jobs/recurring");
            request.Headers.Add("X-Forwarded-For", attacker);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await using (var db = await app.Database.CreateDbContextAsync())
        {
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.Id > before && a.Action == AuditActions.DashboardViewed).ToListAsync();
            var row = Assert.Single(rows);
            Assert.Equal((null, attacker, false), (row.UserId, row.RemoteIp, row.Succeeded));
        }
    }

    [Fact]
    public async Task A_cross_site_form_post_to_logout_without_the_antiforgery_token_does_not_sign_the_user_out()
    {
        using var http = await SignedInAsync(DemoSetup.ManagerEmail);
        using (var forged = await http.PostAsync("/account/logout", new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.False(forged.Headers.Contains("Set-Cookie") && forged.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("DxTracker.Auth=;", StringComparison.Ordinal)));
        }
        using (var still = await http.SendAsync(PageRequest("/reminders")))
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        // With a token the app issued to this user (the user menu's logout form renders only when the menu opens, so the
        // token comes from the sign-in page's form; it is the same user's token) the logout goes through.
        var fields = AppProcess.HiddenFields(await http.GetStringAsync("/account/login"));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        using (var logout = await http.PostAsync("/account/logout", new FormUrlEncodedContent(fields)))
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await http.SendAsync(PageRequest("/reminders"));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_in_failures_look_the_same_whether_the_address_is_unknown_wrong_locked_or_disabled()
    {
        var (_, wrongA) = await NewUserAsync(Role.Manager);
        var (_, wrongB) = await NewUserAsync(Role.Manager);
        var (_, locked) = await NewUserAsync(Role.Manager);
        var (disabledId, disabled) = await NewUserAsync(Role.Manager);
        using (var http = Client())
        {
            for (var i = 0; i < 5; i++)
                (await HttpForms.SignInAsync(http, locked, "wrong-password-" + i)).Dispose();
        }
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var dx = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DisableSignInAsync(dx!.Id, disabledId);
        }

        var messages = new Dictionary<string, HashSet<string?>>();
        var times = new Dictionary<string, List<double>>();
        async Task Attempt(string kind, string email, string password)
        {
            using var http = Client();
            var fields = AppProcess.HiddenFields(await http.GetStringAsync("/account/login"));
            fields["Input.Email"] = email;
            fields["Input.Password"] = password;
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(fields));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            (messages.TryGetValue(kind, out var m) ? m : messages[kind] = []).Add(await HttpForms.SignInErrorAsync(response));
            (times.TryGetValue(kind, out var t) ? t : times[kind] = []).Add(elapsed);
        }
        // Interleaved, so a busy moment of the machine slows every kind alike; two wrong-password accounts (3 failures
        // each) stay below the lockout.
        for (var round = 0; round < 6; round++)
        {
            await Attempt("unknown", $"nobody-{Guid.NewGuid():N}@city.example.jp", StrongPassword);
            await Attempt("wrong", round % 2 == 0 ? wrongA : wrongB, "not-the-password-" + round);
            await Attempt("locked", locked, StrongPassword);
            await Attempt("disabled", disabled, StrongPassword);
        }

        var all = messages.Values.SelectMany(m => m).Distinct().ToList();
        Assert.NotNull(Assert.Single(all));
        // Each kind's fastest attempt: a busy machine only ever adds time (a CI run once slowed the wrong password's
        // extra write, its failed-attempt count, to a median of 383 ms against 162 ms for a disabled account), while the
        // password hash and the failure's floor are in every attempt, the fastest too. Without the stand-in hash an
        // unknown address would answer in a few milliseconds; without the floor a wrong password answered up to ~250 ms
        // later than the others on a loaded machine.
        var wrong = times["wrong"].Min();
        foreach (var kind in new[] { "unknown", "locked", "disabled" })
            Assert.True(times[kind].Min() >= PasswordSignIn.FailureFloor.TotalMilliseconds && times[kind].Min() > wrong * 0.5, $"{kind}: fastest {times[kind].Min():0} ms against {wrong:0} ms for a wrong password (all: {string.Join(", ", times[kind].Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} / {string.Join(", ", times["wrong"].Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))})");
    }

    [Fact]
    public async Task Five_wrong_passwords_against_someone_elses_address_leave_their_open_session_working()
    {
        var (victimId, victim) = await NewUserAsync(Role.DxTeam);
        using var session = await SignedInAsync(victim, StrongPassword);
        using (var attacker = Client())
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await HttpForms.SignInAsync(attacker, victim, "guess-" + i);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(victimId))!;
            Assert.True(await users.IsLockedOutAsync(user), "the guesses locked new sign-ins");
            // The circuit's periodic check keeps the open session.
            var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user);
            Assert.True(await scope.ServiceProvider.GetRequiredService<SessionValidator>().IsCurrentAsync(principal));
        }
        using (var jobs = await session.SendAsync(PageRequest("/jobs")))
            Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        using var export = await session.GetAsync("/inventory/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Fact]
    public async Task A_user_disabled_while_signed_in_can_no_longer_open_the_jobs_or_download_files()
    {
        var (victimId, victim) = await NewUserAsync(Role.DxTeam);
        using var session = await SignedInAsync(victim, StrongPassword);
        using (var jobs = await session.SendAsync(PageRequest("/jobs")))
            Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var dx = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DisableSignInAsync(dx!.Id, victimId);
        }

        using (var jobs = await session.SendAsync(PageRequest("/jobs")))
            Assert.Equal(HttpStatusCode.Forbidden, jobs.StatusCode);
        using var export = await session.GetAsync("/inventory/template.xlsx");
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
    }

    [Fact]
    public void The_sign_in_cookie_is_revalidated_every_minute()
    {
        var options = app.Factory.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(1), options.ValidationInterval);
    }
}
