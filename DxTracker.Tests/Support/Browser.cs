using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (the driver ships in the package; no browser download).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long an action (AppFixture's contexts) and an expectation wait: one bound for both. Playwright's own
    /// expectation default, 5 s, is less than a save's round trip on a loaded 2-core machine running both test passes'
    /// browsers and apps, where an expected message came after it (a CI failure of HearingTests).</summary>
    public const int Timeout = 20_000;

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assertions.SetDefaultExpectTimeout(Timeout);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }
}
