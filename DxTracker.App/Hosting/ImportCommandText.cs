namespace DxTracker.App.Hosting;

/// <summary>Marker for the words of the `import` command (ImportCommandText.tsv → .resx).</summary>
public sealed class ImportCommandText;
