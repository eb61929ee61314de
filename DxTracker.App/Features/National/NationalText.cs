namespace DxTracker.App.Features.National;

/// <summary>Words of the national-context feature (NationalText.tsv).</summary>
public sealed class NationalText;
