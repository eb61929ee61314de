namespace DxTracker.App.Features.Hearings;

/// <summary>Marker for the words of hearings, follow-ups, department pages and the playbook (HearingsText.tsv → .resx).</summary>
public sealed class HearingsText;
