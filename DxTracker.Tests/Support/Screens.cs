using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>Screenshots for people to look at the screens.</summary>
public static class Screens
{
    /// <summary>Saves a screenshot when DXTRACKER_SCREENSHOTS names a folder (to look at the screens; CI does not set it).</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DXTRACKER_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}
