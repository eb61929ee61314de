using MudBlazor;

namespace DxTracker.App.Components.Layout;

/// <summary>The app's look: a calm public-sector blue and Japanese-first system fonts (no web fonts: offline).
/// Accessibility (JIS X 8341-3 / WCAG 2.1 AA): every palette colour that carries text or a status reaches 4.5:1 against
/// white, the page background (#f5f7fa) and a striped table row, both as text and under white text, so a status chip,
/// a coloured figure and an alert stay legible; each keeps its meaning (blue under review, orange objection, green
/// digitised, red overdue). MudBlazor's defaults (#2196f3, #ff9800, #00c853, #f44336) reach only 2.2–3.7:1.</summary>
public static class DxTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",            // 6.4:1 on white
            Secondary = "#00796b",          // 5.3:1
            Info = "#006e8f",               // 5.8:1, a blue-teal set apart from Primary (検討中 vs 着手中)
            Success = "#137333",            // 6.0:1
            Warning = "#a75400",            // 5.4:1, still orange
            Error = "#c62828",              // 5.6:1
            AppbarBackground = "#1f5fa8",
            Background = "#f5f7fa",
            // Secondary text (captions, hints): 6.5:1 on the page background (MudBlazor's 54% black gives 4.48:1).
            TextSecondary = "rgba(0,0,0,0.64)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Hiragino Kaku Gothic ProN", "Hiragino Sans", "Meiryo", "IPAexGothic", "IPAPGothic", "Noto Sans CJK JP", "IPAGothic", "sans-serif"],
            },
        },
    };
}
