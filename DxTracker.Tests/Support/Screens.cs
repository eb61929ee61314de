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

    /// <summary>Like <see cref="SaveAsync"/>, at 1280 and 390 px wide (named <paramref name="name"/>-1280, -390), the page's
    /// viewport restored afterwards; nothing at all unless DXTRACKER_SCREENSHOTS is set.</summary>
    public static async Task SaveAtBothWidthsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DXTRACKER_SCREENSHOTS") is not { Length: > 0 } || page.ViewportSize is not { } original)
            return;
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, original.Height);
            // The responsive drawer closes (or opens) with a transition after the resize: a picture taken during it showed
            // the page shifted right by half the drawer's width at 390 px. Wait until no finite animation is running.
            await page.WaitForFunctionAsync("() => document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity).length === 0");
            await SaveAsync(page, $"{name}-{width}");
        }
        await page.SetViewportSizeAsync(original.Width, original.Height);
    }
}
