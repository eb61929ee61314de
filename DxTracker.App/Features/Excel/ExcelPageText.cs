namespace DxTracker.App.Features.Excel;

/// <summary>Marker for the report and import pages' words (ExcelPageText.tsv → .resx).</summary>
public sealed class ExcelPageText;
