using DxTracker.App.Hosting;
using Microsoft.Playwright;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The app's bar and menu (AppChrome) are not rendered again for each navigation; what in them depends on the page
/// must still follow it.</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
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
        await page.Locator("[data-testid=filter-search] input").FillAsync("証明");
        await page.WaitForURLAsync("**/procedures?q=*");

        await page.ClickAsync("[data-testid=culture-menu] button");
        var english = page.Locator(".mud-popover-open .mud-menu-item:has-text('English')");
        // The search's address (its word percent-encoded), escaped once more as the redirect's value.
        Assert.StartsWith("culture?c=en-US&redirect=" + Uri.EscapeDataString("/procedures?q="), await english.GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }

    /// <summary>The menu (plain links, no component per entry) marks the page shown after each navigation inside the app, a
    /// procedure under its list, and folds its admin group from a button that says what it is.</summary>
    [Fact]
    public async Task The_menu_marks_the_current_page_and_folds_its_admin_group()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/");
        var current = page.Locator("[data-testid=nav] a[aria-current=page]");
        Assert.Equal("/", await current.GetAttributeAsync("href"));

        await page.ClickAsync("[data-testid=nav] a[href='/procedures']");
        await Assertions.Expect(current).ToHaveAttributeAsync("href", "/procedures");
        await page.Locator("[data-testid=inventory-link]").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/procedures/\d+$"));
        await Assertions.Expect(current).ToHaveAttributeAsync("href", "/procedures");
        await page.ClickAsync("[data-testid=nav-admin] a[href='/reports']");
        await Assertions.Expect(current).ToHaveAttributeAsync("href", "/reports");
        Assert.Equal(1, await current.CountAsync());
        Assert.Contains("active", await current.GetAttributeAsync("class"));

        var toggle = page.Locator("[data-testid=nav-admin] > button");
        Assert.Equal("管理", (await toggle.InnerTextAsync()).Trim());
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(0, await page.Locator("[data-testid=nav-admin] a").CountAsync());
        await toggle.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=nav-admin] a[href='/reports']")).ToHaveAttributeAsync("aria-current", "page");
        await page.Context.CloseAsync();
    }
}
