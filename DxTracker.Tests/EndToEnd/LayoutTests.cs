using DxTracker.App.Hosting;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The app's bar and menu (AppChrome) are not rendered again for each navigation; what in them depends on the page
/// must still follow it.</summary>
[Collection(AppCollection.Name)]
public sealed class LayoutTests(AppFixture app)
{
    [Fact]
    public async Task The_language_switch_returns_to_the_page_reached_inside_the_app_not_the_first_one()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/");
        // A navigation inside the circuit (the menu's link), then a search (the address changes again, no new page).
        await page.ClickAsync("[data-testid=nav] a[href='/procedures']");
        await page.WaitForURLAsync("**/procedures");
        await page.Locator("[data-testid=inventory-link]").First.WaitForAsync();
        await page.Locator("input[data-testid=filter-search], [data-testid=filter-search] input").First.FillAsync("証明");
        await page.WaitForURLAsync("**/procedures?q=*");

        await page.ClickAsync("[data-testid=culture-menu] button");
        var english = page.Locator(".mud-popover-open .mud-menu-item:has-text('English')");
        // The search's address (its word percent-encoded), escaped once more as the redirect's value.
        Assert.StartsWith("culture?c=en-US&redirect=" + Uri.EscapeDataString("/procedures?q="), await english.GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }
}
