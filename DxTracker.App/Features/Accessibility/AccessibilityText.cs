namespace DxTracker.App.Features.Accessibility;

/// <summary>The accessibility statement's words (AccessibilityText.tsv → .resx).</summary>
public sealed class AccessibilityText;
