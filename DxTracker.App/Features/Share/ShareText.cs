namespace DxTracker.App.Features.Share;

/// <summary>The progress post page's words (ShareText.tsv → .resx).</summary>
public sealed class ShareText;
