using System.Net;
using System.Net.Sockets;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Processes;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Security;

/// <summary>One installation as an office runs it after going live from a demo: the demo's accounts still in the database
/// (<see cref="DemoAccounts"/>), a real DX team user, Production with demo mode off, a sign-in limit of <see cref="Permits"/>
/// posts a minute and a reverse proxy at <see cref="ProxyAddress"/> — a loopback address of its own, so the tests can speak
/// both as that proxy and as any other client. On the run's database (SQLite or PostgreSQL). (The demo accounts are written
/// as demo mode writes them rather than by a demo start, which seeds a whole ward: too slow for a test's set-up.)</summary>
public sealed class ProductionApp : IAsyncLifetime
{
    public const int Permits = 3;
    public const string ProxyAddress = "127.0.0.2";
    public const string AdminEmail = "admin@city.example.jp";
    public const string AdminPassword = "区役所の本番の合言葉です";

    public TestDatabase Database { get; private set; } = default!;
    public AppProcess App { get; private set; } = default!;

    /// <summary>The demo accounts a demo left behind (as demo mode seeds them: the public password, one role each).</summary>
    public static readonly (string Email, Role Role)[] DemoAccounts =
        [(DemoSetup.DxTeamEmail, Role.DxTeam), (DemoSetup.ManagerEmail, Role.Manager), (DemoSetup.HeadEmailExample, Role.DepartmentHead)];

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using (var services = await AdminServices.BuildAsync(Database))
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), DemoSetup.Password);
            foreach (var (email, role) in DemoAccounts)
            {
                var demo = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "デモ", PasswordHash = hash };
                Assert.True((await users.CreateAsync(demo)).Succeeded, email);
                Assert.True((await users.AddToRoleAsync(demo, role.ToString())).Succeeded, email);
            }
            var created = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, AdminEmail, "本番 管理者", AdminPassword, Role.DxTeam);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        App = await AppProcess.StartAsync(Database, "--Demo:Enabled=false", $"--Security:SignInPermitsPerMinute={Permits}",
            $"--Security:KnownProxies:0={ProxyAddress}");
    }

    /// <summary>A client whose connections come from <paramref name="from"/> (127.0.0.1 is the app's own address, not the proxy).</summary>
    public HttpClient Client(string from = "127.0.0.1")
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = App.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[Collection(ProcessCollection.Name)]
public sealed class ProductionAttackTests(ProductionApp production) : IClassFixture<ProductionApp>
{
    /// <summary>Posts the sign-in form as the client behind <paramref name="forwardedFor"/> (null: no header).</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string? forwardedFor, string email, string password, string postTo = "/account/login")
    {
        http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        if (forwardedFor is not null)
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return await HttpForms.SignInAsync(http, email, password, postTo);
    }

    [Fact]
    public async Task Demo_accounts_left_from_demo_mode_cannot_sign_in_once_demo_mode_is_off()
    {
        using var http = production.Client(ProductionApp.ProxyAddress);
        // Each from an address of its own that no other test of the fixture uses (a random one could be one whose limit
        // another test has spent: 429 instead of the sign-in page).
        foreach (var (i, (email, _)) in ProductionApp.DemoAccounts.Index())
        {
            using var response = await SignInAsync(http, $"203.0.113.{101 + i}", email, DemoSetup.Password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(await HttpForms.SignInErrorAsync(response));
        }
        await using (var db = await production.Database.CreateDbContextAsync())
        {
            var users = await db.Users.AsNoTracking().Select(u => new { u.Email, u.LockoutEnabled, u.LockoutEnd }).ToListAsync();
            var demo = users.Where(u => u.Email!.EndsWith("@demo.example.jp", StringComparison.Ordinal)).ToList();
            Assert.Equal(ProductionApp.DemoAccounts.Length, demo.Count);
            Assert.All(demo, u => Assert.True(u.LockoutEnabled && u.LockoutEnd >= new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), u.Email));
            Assert.All(users.Except(demo), u => Assert.Null(u.LockoutEnd));
        }
        Assert.Single(production.App.Output.Split('\n'), line => line.Contains("demo accounts", StringComparison.OrdinalIgnoreCase));

        // The real DX team user signs in.
        using var admin = await SignInAsync(http, "203.0.113.250", ProductionApp.AdminEmail, ProductionApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task Sign_in_posts_to_login_with_a_trailing_slash_or_in_capitals_count_against_the_same_limit()
    {
        using var http = production.Client(ProductionApp.ProxyAddress);
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/account/login/", "/ACCOUNT/LOGIN", "/account/login/", "/Account/Login/" })
        {
            using var response = await SignInAsync(http, "203.0.113.10", "nobody@city.example.jp", "not-the-password", path);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, ProductionApp.Permits), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task X_Forwarded_For_is_honoured_from_the_known_proxy_and_ignored_from_anyone_else()
    {
        // Through the proxy: each office PC has its own limit, and the audit log has its address.
        using (var proxy = production.Client(ProductionApp.ProxyAddress))
        {
            for (var i = 0; i < ProductionApp.Permits; i++)
                (await SignInAsync(proxy, "203.0.113.20", "nobody@city.example.jp", "not-the-password")).Dispose();
            using (var limited = await SignInAsync(proxy, "203.0.113.20", "nobody@city.example.jp", "not-the-password"))
                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            using var colleague = await SignInAsync(proxy, "203.0.113.21", "nobody@city.example.jp", "not-the-password");
            Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
        }
        await using (var db = await production.Database.CreateDbContextAsync())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignInFailed && a.RemoteIp == "203.0.113.21"));

        // Straight to the app: a made-up header is not a new client.
        using var direct = production.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ProductionApp.Permits; i++)
        {
            using var response = await SignInAsync(direct, $"198.51.100.{i + 1}", "nobody@city.example.jp", "not-the-password");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_Secure_even_when_the_proxy_speaks_plain_http_to_the_app()
    {
        using var http = production.Client(ProductionApp.ProxyAddress);
        using var response = await SignInAsync(http, "203.0.113.30", ProductionApp.AdminEmail, ProductionApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("DxTracker.Auth=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }
}
