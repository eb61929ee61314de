using System.Collections.Concurrent;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>The demo ward served by the app as its own process (SQLite, Development, the public board and the publication
/// switched on), with its own Chromium, for the axe checks: they visit every page in every view, several minutes of work
/// that runs beside the shared app host of <see cref="AppCollection"/> rather than after it (CI time). A process, not a
/// second host in the test process: Hangfire's state is static.</summary>
public sealed class AccessibilityFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dxtracker-axe-" + Guid.NewGuid().ToString("N"));
    private AppProcess? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress => _app!.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // The demo ward is seeded while the shared app host seeds its own and other tests run: allow it time.
        _app = await AppProcess.StartAsync(_directory, TimeSpan.FromMinutes(4), "--environment=Development", "--Demo:Enabled=true", "--PublicBoard:Enabled=true",
            "--Publication:Enabled=true", "--Security:SignInPermitsPerMinute=1000");
        (_playwright, Browser) = await Support.Browser.LaunchAsync();
    }

    /// <summary>The cookies of a browser signed in as <paramref name="email"/> (Playwright's storage state), signed in once
    /// per account for all the cases that need it. A sign-in that failed is forgotten, so the next case tries again rather
    /// than failing with the same message.</summary>
    public async Task<string> SignedInStateAsync(string email)
    {
        var signIn = _signedIn.GetOrAdd(email, SignInAsync);
        try
        {
            return await signIn;
        }
        catch
        {
            _signedIn.TryRemove(new KeyValuePair<string, Task<string>>(email, signIn));
            throw;
        }
    }

    private async Task<string> SignInAsync(string email)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString() });
        await AppFixture.SignInAsync(await context.NewPageAsync(), email);
        var state = await context.StorageStateAsync();
        await context.CloseAsync();
        return state;
    }

    private readonly ConcurrentDictionary<string, Task<string>> _signedIn = new();

    /// <summary>The app's database, read by the tests for sample ids.</summary>
    public DxDbContext CreateDbContext() =>
        new(TestDatabase.Configure(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "dxtracker.db")};Pooling=False"));

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<AccessibilityFixture>
{
    public const string Name = "accessibility";
}
