namespace DxTracker.App.Resources;

/// <summary>Marker for the app's shared UI words (AppText.tsv → AppText.resx (ja, neutral) and AppText.en.resx).</summary>
public sealed class AppText;
