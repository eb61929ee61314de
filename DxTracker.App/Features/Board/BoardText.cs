namespace DxTracker.App.Features.Board;

/// <summary>The progress board's words (BoardText.tsv → .resx).</summary>
public sealed class BoardText;
