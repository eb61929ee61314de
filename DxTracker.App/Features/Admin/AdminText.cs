namespace DxTracker.App.Features.Admin;

/// <summary>Marker for the administration pages' words (AdminText.tsv → AdminText.resx (ja, neutral) and AdminText.en.resx).</summary>
public sealed class AdminText;
