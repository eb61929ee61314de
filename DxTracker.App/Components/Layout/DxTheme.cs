using MudBlazor;

namespace DxTracker.App.Components.Layout;

/// <summary>The app's look: a calm public-sector blue and Japanese-first system fonts (no web fonts: offline).</summary>
public static class DxTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#00897b",
            AppbarBackground = "#1f5fa8",
            Background = "#f5f7fa",
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
