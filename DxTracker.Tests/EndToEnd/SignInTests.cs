using DxTracker.App.Hosting;
using DxTracker.Tests.Support;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class SignInTests(AppFixture app)
{
    [Fact]
    public async Task Anonymous_visitor_is_sent_to_the_Japanese_login_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/admin/users");
        Assert.Contains("/account/login", page.Url);
        Assert.Equal("ログイン", (await page.TextContentAsync("h1"))?.Trim());
    }

    [Theory]
    [InlineData(DemoSetup.DxTeamEmail, "DX推進担当", true)]
    [InlineData(DemoSetup.ManagerEmail, "管理職", false)]
    public async Task Each_role_sees_its_own_navigation(string email, string roleLabel, bool isDxTeam)
    {
        var page = await app.SignInAsync(email);
        // Read from the database as the page becomes interactive (the prerendered text is replaced once it answers): awaited.
        await Assertions.Expect(page.Locator("[data-testid=home-role]")).ToHaveTextAsync(roleLabel);
        // The administration group holds 帳票 (reports) for managers too; users and the import are the DX team's.
        Assert.Equal(1, await page.Locator("[data-testid=nav-admin] a[href='/reports']").CountAsync());
        Assert.Equal(isDxTeam ? 1 : 0, await page.Locator("[data-testid=nav] a[href='/admin/users']").CountAsync());
        Assert.Equal(isDxTeam ? 1 : 0, await page.Locator("[data-testid=nav] a[href='/import']").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_user_menu_signs_out()
    {
        var page = await app.SignInAsync(DemoSetup.ManagerEmail);
        await page.ClickAsync("[data-testid=user-menu] button");
        // The menu's popover placed and shown (MudBlazor's script marks it open) before its button is pressed: a CI run once
        // pressed the button of a popover still being placed, and no sign-out followed.
        await page.Locator(".mud-popover-open [data-testid=logout]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_opening_a_DX_team_page_sees_the_forbidden_page_in_the_app_under_the_CSP_without_console_errors()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports the page's own 403 status as a console line; that is the answer asserted below, not an error of the page.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 403", StringComparison.Ordinal))
                errors.Add(message.Text);
        };
        page.PageError += (_, error) => errors.Add("page error: " + error);
        await AppFixture.SignInAsync(page, DemoSetup.ManagerEmail);
        foreach (var url in new[] { "/admin/users", "/admin/audit", "/jobs" })
        {
            var response = await page.GotoAsync(url);
            Assert.Equal(403, response!.Status);
            Assert.Contains("script-src 'self' 'nonce-", response.Headers["content-security-policy"]);
            Assert.EndsWith(url, page.Url);
            Assert.Equal("この画面を表示する権限がありません", (await page.TextContentAsync("h1"))?.Trim());
            // Inside the app: its bar with the user's name, and a way home.
            Assert.Equal("田中 誠一", (await page.TextContentAsync("[data-testid=user-name]"))?.Trim());
            await page.ClickAsync("[data-testid=forbidden-home]");
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
        }
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var page = await app.NewPageAsync();
        const string email = "dx2@demo.example.jp";
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", email);
            await page.FillAsync("#password", "wrong-password-" + i);
            await page.ClickAsync("[data-testid=login-submit]");
            var error = await page.TextContentAsync("[data-testid=login-error]");
            Assert.Contains(i < 4 ? "正しくありません" : "ロック", error);
        }
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DemoSetup.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        Assert.Contains("ロック", await page.TextContentAsync("[data-testid=login-error]"));
        Assert.Contains("/account/login", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_visitor_switches_the_sign_in_page_to_English_and_back_and_stays_on_the_page_with_its_query()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fboard");
        var languages = page.Locator("[data-testid=language-switch]");
        // The current language is text marked as current; the other is a link, named in its own language.
        await Assertions.Expect(languages.Locator("[aria-current=true]")).ToHaveTextAsync("日本語");
        await Assertions.Expect(languages.Locator("a")).ToHaveAttributeAsync("lang", "en");
        await languages.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        Assert.EndsWith("/account/login?returnUrl=%2Fboard", page.Url);
        await Assertions.Expect(languages.Locator("[aria-current=true]")).ToHaveTextAsync("English");
        await languages.GetByRole(AriaRole.Link, new() { Name = "日本語" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ログイン");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_app_English()
    {
        var page = await app.SignInAsync(DemoSetup.ManagerEmail, width: 420);
        await page.GotoInteractiveAsync("/culture?c=en-US&redirect=/");
        await Assertions.Expect(page.Locator("[data-testid=home-role]")).ToHaveTextAsync("Manager");
        await page.Context.CloseAsync();
    }
}
