using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Data;

/// <summary>Case-insensitive matching that means the same on SQLite and PostgreSQL, beyond ASCII (ＡＢＣ = ａｂｃ, É = é):
/// the search term is folded here and the column in SQL by <see cref="Column"/> — on PostgreSQL <c>lower()</c> (the
/// UTF-8 database's case mapping), on SQLite, whose <c>lower()</c> folds ASCII only, <see cref="SqliteFunction"/>, which
/// the host registers on every connection as a call to <see cref="Fold"/>.</summary>
public static class TextFold
{
    public const string SqliteFunction = "dx_fold";

    /// <summary>The one folding rule: .NET's invariant lower case.</summary>
    public static string Fold(string text) => text.ToLowerInvariant();

    /// <summary>The column folded in SQL; only for LINQ queries (mapped in <see cref="Map"/>).</summary>
    public static string? Column(string? text) => throw new InvalidOperationException($"{nameof(TextFold)}.{nameof(Column)} runs in SQL only.");

    /// <summary>False when no character of <paramref name="term"/> has or is a case form (kanji, kana, digits, punctuation —
    /// most Japanese searches): no folded text can contain it unless the text itself does, so the columns need no folding.</summary>
    public static bool NeedsFolding(string term) => term.Any(c => char.GetUnicodeCategory(c) is not (UnicodeCategory.OtherLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.SpaceSeparator
        or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
        or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
        or UnicodeCategory.OtherPunctuation));

    internal static void Map(ModelBuilder builder, string? providerName) =>
        builder.HasDbFunction(typeof(TextFold).GetMethod(nameof(Column))!)
            .HasName(providerName?.Contains("Sqlite", StringComparison.Ordinal) == true ? SqliteFunction : "lower")
            .IsBuiltIn()
            .HasParameter("text").PropagatesNullability();
}
