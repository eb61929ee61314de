namespace DxTracker.App.Features.Home;

/// <summary>The home page's words (HomeText.tsv → .resx).</summary>
public sealed class HomeText;
