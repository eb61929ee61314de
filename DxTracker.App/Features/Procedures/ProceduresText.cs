namespace DxTracker.App.Features.Procedures;

/// <summary>Resource class of the procedures feature (ProceduresText.tsv → .resx).</summary>
public sealed class ProceduresText;
