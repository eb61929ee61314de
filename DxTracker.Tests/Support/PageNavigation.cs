using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>Navigation for end-to-end tests: a prerendered page shows its buttons before the Blazor circuit is up, and a
/// click then is lost. MainLayout marks its content <c>data-interactive=true</c> once the circuit has rendered. Plain
/// <c>GotoAsync</c> is only for what never gets a circuit: the login page, a refusal that redirects to it, the public
/// board (its own layout) and the job dashboard.</summary>
public static class PageNavigation
{
    public const string InteractiveSelector = "[data-interactive=true]";

    /// <summary>Loads <paramref name="url"/> and returns once its circuit is interactive (the response, for status and headers).</summary>
    public static async Task<IResponse?> GotoInteractiveAsync(this IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        await page.WaitForInteractiveAsync();
        return response;
    }

    /// <summary>Waits until the page now shown (after a click, a redirect or a reload) has an interactive circuit.</summary>
    public static async Task WaitForInteractiveAsync(this IPage page) => await page.WaitForSelectorAsync(InteractiveSelector);

    /// <summary>Opens the MudSelect at <paramref name="selectSelector"/>, picks the item reading exactly <paramref name="itemText"/>
    /// and waits until the list has closed (the choice has reached the server).</summary>
    public static async Task PickAsync(this IPage page, string selectSelector, string itemText)
    {
        await page.Locator(selectSelector).First.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").GetByText(itemText, new() { Exact = true });
        await item.ClickAsync();
        await item.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }
}
