using Microsoft.Playwright;

namespace DxTracker.Tests.Support;

/// <summary>Keyboard-only operation for end-to-end tests: Tab (and Shift+Tab) to move, Enter/Space to act, arrow keys
/// inside lists; never a mouse event. Each helper fails naming where the focus was when it gave up.</summary>
public static class KeyboardNavigation
{
    private const string FocusedDescription =
        "() => { const e = document.activeElement; if (!e) return 'nothing'; const t = e.closest('[data-testid]'); " +
        "return `${e.tagName.toLowerCase()}${t ? ' in [data-testid=' + t.getAttribute('data-testid') + ']' : ''} \"${(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)}\"`; }";

    /// <summary>Presses Tab (or Shift+Tab) until the focused element is inside <paramref name="selector"/>.</summary>
    public static async Task TabToAsync(this IPage page, string selector, int maxPresses = 60, bool backwards = false)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement?.closest(s)", selector))
                return;
        }
        Assert.Fail($"{maxPresses} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {selector}; the focus is on {await FocusedAsync(page)}");
    }

    /// <summary>Whether the focused element is inside <paramref name="selector"/>.</summary>
    public static async Task<bool> FocusIsInAsync(this IPage page, string selector) =>
        await page.EvaluateAsync<bool>("s => !!document.activeElement?.closest(s)", selector);

    public static async Task<string> FocusedAsync(this IPage page) => await page.EvaluateAsync<string>(FocusedDescription);

    /// <summary>The option the arrow keys have reached: MudSelect marks it mud-selected-item (aria-selected stays on the
    /// current value until Enter).</summary>
    private const string HighlightedOption =
        "() => { const o = [...document.querySelectorAll('.mud-popover-open [role=option]')]; " +
        "const i = o.findIndex(x => x.classList.contains('mud-selected-item')); " +
        "return i < 0 ? '' : i + '|' + o[i].textContent.trim(); }";

    /// <summary>On a focused MudSelect: Enter opens it, the arrow keys move the highlight to the option containing
    /// <paramref name="text"/> (each press waited for until the highlight has moved; should a press ever move it past the
    /// option, the next press goes back), Enter picks it and closes the list.</summary>
    public static async Task PickWithArrowsAsync(this IPage page, string text)
    {
        await page.Keyboard.PressAsync("Enter");
        var options = page.Locator(".mud-popover-open [role=option]");
        await options.First.WaitForAsync();
        var texts = (await options.AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        var target = texts.FindIndex(t => t.Contains(text, StringComparison.Ordinal));
        Assert.True(target >= 0, $"no option contains '{text}'; the options are: {string.Join(" / ", texts)}");
        var current = await page.EvaluateAsync<string>(HighlightedOption);
        for (var presses = 0; presses <= 2 * texts.Count; presses++)
        {
            var at = current.Length == 0 ? -1 : int.Parse(current[..current.IndexOf('|')], System.Globalization.CultureInfo.InvariantCulture);
            if (at == target)
            {
                await page.Keyboard.PressAsync("Enter");
                await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
                return;
            }
            var key = at < target ? "ArrowDown" : "ArrowUp";
            await page.Keyboard.PressAsync(key);
            var before = current;
            try
            {
                await Waiting.UntilAsync($"the highlight to move from '{before}' after {key}", TimeSpan.FromSeconds(10),
                    async () => (current = await page.EvaluateAsync<string>(HighlightedOption)) != before);
            }
            catch (TimeoutException e)
            {
                var classes = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.mud-popover-open [role=option]')].map(o => o.textContent.trim() + ' ' + o.className + ' ' + (o.getAttribute('aria-selected') ?? '')).join(' / ')");
                throw new TimeoutException($"{e.Message} Looking for option {target} '{text}'. Options: {classes}; focus on {await FocusedAsync(page)}", e);
            }
        }
        Assert.Fail($"{2 * texts.Count} arrow presses never reached option {target} '{text}' of {string.Join(" / ", texts)}; the highlight is at '{current}'");
    }

    /// <summary>On a focused MudDatePicker: Enter opens its calendar, each of <paramref name="arrows"/> moves the chosen day (each
    /// press waited for until the marked day has moved), Enter takes it and closes the calendar. Returns the field's text then.</summary>
    public static async Task<string> PickDayWithArrowsAsync(this IPage page, params string[] arrows)
    {
        const string MarkedDay = "() => (document.querySelector('.mud-popover-open .mud-picker-calendar-header')?.textContent ?? '') + '|' + " +
            "(document.querySelector('.mud-popover-open .mud-picker-calendar-day.mud-selected')?.textContent ?? '')";
        var id = await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");
        Assert.False(string.IsNullOrEmpty(id), $"the focused date field has no id: {await FocusedAsync(page)}");
        var field = page.Locator($"[id='{id}']");
        var before = await field.InputValueAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-popover-open .mud-picker-calendar-day").First.WaitForAsync();
        var marked = await page.EvaluateAsync<string>(MarkedDay);
        foreach (var arrow in arrows)
        {
            await page.Keyboard.PressAsync(arrow);
            var was = marked;
            await Waiting.UntilAsync($"the calendar's marked day to move from '{was}' after {arrow}", TimeSpan.FromSeconds(10),
                async () => (marked = await page.EvaluateAsync<string>(MarkedDay)) != was);
        }
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var shown = before;
        await Waiting.UntilAsync($"the date field to show the day picked (it showed '{before}')", TimeSpan.FromSeconds(10),
            async () => (shown = await field.InputValueAsync()) != before);
        return shown;
    }

    /// <summary>The focused element shows its focus (2.4.7): an outline of its own, or — for a MudBlazor field, whose
    /// outline the app turns off — the field's border drawn thick (2 px) in the primary colour.</summary>
    public static async Task AssertFocusVisibleAsync(this IPage page)
    {
        var indicator = await page.EvaluateAsync<string>("""
            () => {
                const e = document.activeElement, s = getComputedStyle(e);
                if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return '';
                const border = e.closest('.mud-input')?.querySelector('.mud-input-outlined-border');
                const b = border && getComputedStyle(border);
                if (b && parseFloat(b.borderTopWidth) >= 2 && b.borderTopStyle !== 'none') return '';
                return `outline ${s.outlineStyle} ${s.outlineWidth}` + (b ? `, field border ${b.borderTopStyle} ${b.borderTopWidth}` : '');
            }
            """);
        Assert.True(indicator.Length == 0, $"no visible focus on {await FocusedAsync(page)}: {indicator}");
    }
}
