namespace DxTracker.App.Features.Reminders;

/// <summary>Marker for the reminders feature's words (RemindersText.tsv → RemindersText.resx (ja) and RemindersText.en.resx).</summary>
public sealed class RemindersText;
