namespace DxTracker.Domain.Data;

/// <summary>Patterns for EF.Functions.Like that match typed text literally (% and _ typed by a user match themselves).</summary>
public static class SqlLike
{
    public const string EscapeCharacter = "\\";

    /// <summary>"%text%" with the wildcards in <paramref name="text"/> escaped by <see cref="EscapeCharacter"/>.</summary>
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
