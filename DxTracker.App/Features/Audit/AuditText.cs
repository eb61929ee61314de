namespace DxTracker.App.Features.Audit;

/// <summary>Marker for the audit page's words (AuditText.tsv).</summary>
public sealed class AuditText;
