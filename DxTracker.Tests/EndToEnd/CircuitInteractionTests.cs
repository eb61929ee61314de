using DxTracker.App.Bench.Circuits;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The circuit benchmark's interactions done in real Chromium through the names its protocol-level load client
/// looks for (<see cref="Interactions"/>): if the page changes under the client, this fails too. (The status move itself goes
/// through the same names in <see cref="ProcedureTests"/>, on a procedure of its own.)</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class CircuitInteractionTests(AppFixture app)
{
    [Fact]
    public async Task The_load_clients_interactions_work_in_Chromium()
    {
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.GotoInteractiveAsync(Interactions.InventoryPath);
        var count = page.Locator($"[data-testid={Interactions.InventoryCount}]");
        var firstLink = page.Locator($"[data-testid={Interactions.InventoryLink}]").First;
        await firstLink.WaitForAsync();
        var allCount = await count.InnerTextAsync();
        var search = page.Locator($"[data-testid={Interactions.SearchField}] input");

        // Search: the field's change event once typing pauses (as the client dispatches it), then the grid shows fewer rows.
        await search.FillAsync(Interactions.OtherSearch);
        await page.WaitForFunctionAsync("([sel, before]) => { const e = document.querySelector(sel); return e && e.innerText !== before; }",
            new object[] { $"[data-testid={Interactions.InventoryCount}]", allCount });
        Assert.Contains("q=", page.Url, StringComparison.Ordinal);

        // Page change: the pager's next button (the client's index among the pager's buttons), then another first row.
        await search.FillAsync("");
        await page.WaitForFunctionAsync("([sel, before]) => { const e = document.querySelector(sel); return e && e.innerText === before; }",
            new object[] { $"[data-testid={Interactions.InventoryCount}]", allCount });
        var firstHref = await firstLink.GetAttributeAsync("href");
        await page.Locator($".{Interactions.PagerActionsClass} button").Nth(Interactions.PagerNextIndex).ClickAsync();
        await page.WaitForFunctionAsync("([sel, before]) => { const e = document.querySelector(sel); return e && e.getAttribute('href') !== before; }",
            new object[] { $"[data-testid={Interactions.InventoryLink}]", firstHref! });

        // Procedure page: the row's link (the client reports the same navigation), then the procedure's name as its heading.
        var name = await firstLink.InnerTextAsync();
        await firstLink.ClickAsync();
        var heading = page.Locator($"[data-testid={Interactions.ProcedureName}]");
        await heading.WaitForAsync();
        Assert.Equal(name.Trim(), (await heading.InnerTextAsync()).Trim());

        // A move cancelled: the move button, a target's radio, the dialog's cancel; the dialog closes, the status stays.
        var statusLine = page.Locator($"[data-testid={Interactions.ProcedureStatus}]");
        var status = await statusLine.GetAttributeAsync(Interactions.StatusAttribute);
        await page.ClickAsync($"[data-testid={Interactions.MoveOpen}]");
        await page.Locator($"[data-testid={Interactions.MoveDialog}] input[{Interactions.MoveTargetAttribute}]").First.ClickAsync();
        await page.Locator($"[data-testid={Interactions.MoveSubmit}]:not([disabled])").WaitForAsync();
        await page.ClickAsync($"[data-testid={Interactions.MoveCancel}]");
        await page.Locator($"[data-testid={Interactions.MoveDialog}]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        Assert.Equal(status, await statusLine.GetAttributeAsync(Interactions.StatusAttribute));

        // Board year change: the board's link, a press on the year select, another year's item in the list that opens.
        await page.ClickAsync($"[data-testid=nav] a[href='{Interactions.BoardPath}']");
        var metrics = page.Locator($"[data-testid={Interactions.BoardMetrics}]");
        await metrics.WaitForAsync();
        var shown = await metrics.GetAttributeAsync(Interactions.YearAttribute);
        await page.ClickAsync($"[data-testid={Interactions.BoardYear}]");
        var other = page.Locator($".{Interactions.OpenPopoverClass} [{Interactions.YearAttribute}]:not([{Interactions.YearAttribute}='{shown}'])").First;
        var year = await other.GetAttributeAsync(Interactions.YearAttribute);
        await other.ClickAsync();
        await page.Locator($"[data-testid={Interactions.BoardMetrics}][{Interactions.YearAttribute}='{year}']").WaitForAsync();
    }
}
