using DxTracker.App.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>The real app on Kestrel (random port) with a fresh data folder in demo mode, and one shared Chromium.
/// Hangfire keeps static state, so every test that starts the app belongs to <see cref="AppCollection"/> (never two hosts at once).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public string DataDirectory => Database.Directory;
    public DxAppFactory Factory { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    /// <summary>When the app had started: its database initialised and the demo seeded, before any test ran.</summary>
    public DateTime StartedAtUtc { get; private set; }
    private IPlaywright? _playwright;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new DxAppFactory(Database.AppSettings);
        Factory.StartServer();
        StartedAtUtc = DateTime.UtcNow;
        BaseAddress = Factory.ClientOptions.BaseAddress;
        (_playwright, Browser) = await Support.Browser.LaunchAsync();
    }

    /// <summary>A fresh browser context (its own cookies), Japanese locale, desktop size unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), Locale = "ja-JP", ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(Support.Browser.Timeout);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form and waits until the interactive circuit is up.</summary>
    public async Task<IPage> SignInAsync(string email, string password = DemoSetup.Password, int width = 1366) =>
        await SignInAsync(await NewPageAsync(width), email, password);

    /// <summary>Signs in on a page the caller prepared (e.g. listening to its console first).</summary>
    public static async Task<IPage> SignInAsync(IPage page, string email, string password = DemoSetup.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForInteractiveAsync();
        return page;
    }

    /// <summary>Turns PublicBoard:Enabled on in the running app (read live through IOptionsMonitor) until disposed.</summary>
    public IDisposable PublicBoardOn()
    {
        SetPublicBoard(true);
        return new Restore(() => SetPublicBoard(false));
    }

    /// <summary>Flips PublicBoard:Enabled in the running app (the endpoints read it through IOptionsMonitor).</summary>
    public void SetPublicBoard(bool enabled)
    {
        Factory.Services.GetRequiredService<IConfiguration>()["PublicBoard:Enabled"] = enabled.ToString();
        Factory.Services.GetRequiredService<IOptionsMonitorCache<PublicBoardOptions>>().TryRemove(Options.DefaultName);
    }

    /// <summary>Turns Publication:Enabled (the publication table and the newly-online page and feeds) on in the running app
    /// (read live through IOptionsMonitor) until disposed.</summary>
    public IDisposable PublicationOn()
    {
        SetPublication(true);
        return new Restore(() => SetPublication(false));
    }

    private void SetPublication(bool enabled)
    {
        Factory.Services.GetRequiredService<IConfiguration>()["Publication:Enabled"] = enabled.ToString();
        Factory.Services.GetRequiredService<IOptionsMonitorCache<DxTracker.App.Hosting.PublicationOptions>>().TryRemove(Options.DefaultName);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    public async ValueTask DisposeAsync()
    {
        // Close the browser first: otherwise shutdown waits for the SignalR connections.
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class DxAppFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public DxAppFactory(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        // Must be called in the constructor: a real Kestrel port for the browser.
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Demo:Enabled", "true");
        // Every browser test signs in from 127.0.0.1; the limit itself is tested on a separate app process.
        builder.UseSetting("Security:SignInPermitsPerMinute", "1000");
    }
}

/// <summary>The browser tests against <see cref="AppFixture"/>, on the pass's database. In the PostgreSQL pass only those that
/// write through the whole stack where the provider matters run again: status moves and their conflicts (ProcedureTests),
/// hearings (HearingTests), reminders and the Hangfire job storage (ReminderTests, InvitationTests), sign-in lockouts and the
/// audit (SecurityTests). The classes that show what the services give — layout, keyboard, search field, boards, public
/// pages, imports and downloads, administration — carry <c>[Trait("Database", "Sqlite")]</c>: their queries and writes are
/// tested on both databases below the browser (the query and service tests), and a second browser run of them on
/// PostgreSQL cost four of the CI's 26 minutes.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
