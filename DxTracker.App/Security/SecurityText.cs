namespace DxTracker.App.Security;

/// <summary>Marker for the words of sign-in protection and passwords (SecurityText.tsv).</summary>
public sealed class SecurityText;
