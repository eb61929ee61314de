using System.Text.RegularExpressions;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The inventory's search field tells the server its text once typing pauses (js/search-pause.js), not per key.</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed partial class InventorySearchTests(AppFixture app)
{
    [Fact]
    public async Task Typing_a_word_key_by_key_makes_one_search_one_history_entry_and_back_returns_to_the_whole_list()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/procedures");
        var count = page.Locator("[data-testid=inventory-count]");
        await page.Locator("[data-testid=inventory-link]").First.WaitForAsync();
        var allCount = await count.InnerTextAsync();
        var entries = await page.EvaluateAsync<int>("history.length");
        var search = page.Locator("[data-testid=filter-search] input");

        // Keys 60 ms apart (a pause is 400 ms): one search for the whole word.
        await search.PressSequentiallyAsync("証明書", new() { Delay = 60 });
        await Assertions.Expect(page).ToHaveURLAsync(SearchAddress());
        await Assertions.Expect(count).Not.ToHaveTextAsync(allCount);
        Assert.Equal(entries + 1, await page.EvaluateAsync<int>("history.length"));
        Assert.Equal("証明書", await search.InputValueAsync());

        // Enter after the pause sends the same text again: nothing more happens.
        await search.PressAsync("Enter");
        await page.WaitForTimeoutAsync(600);
        Assert.Equal(entries + 1, await page.EvaluateAsync<int>("history.length"));

        await page.GoBackAsync();
        await Assertions.Expect(count).ToHaveTextAsync(allCount);
        await Assertions.Expect(search).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_space_typed_after_a_word_stays_in_the_field_when_the_words_search_is_done()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync("/procedures");
        await page.Locator("[data-testid=inventory-link]").First.WaitForAsync();
        var count = page.Locator("[data-testid=inventory-count]");
        var allCount = await count.InnerTextAsync();
        var search = page.Locator("[data-testid=filter-search] input");

        // The search is for 証明 (trimmed); the field keeps what was typed, so a next word follows the space.
        await search.PressSequentiallyAsync("証明　", new() { Delay = 60 });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/procedures\?q=%E8%A8%BC%E6%98%8E$"));
        await Assertions.Expect(count).Not.ToHaveTextAsync(allCount);
        Assert.Equal("証明　", await search.InputValueAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>/procedures?q=証明書 (the word percent-encoded).</summary>
    [GeneratedRegex(@"/procedures\?q=%E8%A8%BC%E6%98%8E%E6%9B%B8$")]
    private static partial Regex SearchAddress();
}
