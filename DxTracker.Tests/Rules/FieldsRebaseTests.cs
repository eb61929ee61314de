using System.Reflection;
using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Rules;

[Trait("Kind", "Pure")]
public sealed class FieldsRebaseTests
{
    private static readonly ProcedureFields Loaded = new() { Code = "P-1", Name = "転入届", LawName = "住民基本台帳法", Notes = "元のメモ" };

    [Fact]
    public void Rebase_keeps_my_edits_takes_the_others_untouched_fields_and_names_real_conflicts()
    {
        var mine = Loaded with { Name = "転入届（改）", Notes = "私のメモ" };
        var latest = Loaded with { LawName = "住民基本台帳法 第22条", Notes = "相手のメモ" };
        var (merged, conflicts) = FieldsRebase.Rebase(Loaded, mine, latest);
        Assert.Equal("転入届（改）", merged.Name);
        Assert.Equal("住民基本台帳法 第22条", merged.LawName);
        Assert.Equal("私のメモ", merged.Notes);
        Assert.Equal([nameof(ProcedureFields.Notes)], conflicts);
    }

    [Fact]
    public void Rebase_reports_no_conflict_when_both_made_the_same_change()
    {
        var same = Loaded with { Name = "転入届（同じ）" };
        var (merged, conflicts) = FieldsRebase.Rebase(Loaded, same, same);
        Assert.Equal(same, merged);
        Assert.Empty(conflicts);
    }

    /// <summary>Every editable field (found by reflection, so a field added later is covered too): the merge takes my
    /// change, takes the other person's change to a field I left alone, keeps mine and names the field when we both changed
    /// it differently, and leaves every other field as it was.</summary>
    public static TheoryData<string> Fields() => [.. typeof(ProcedureFields).GetProperties().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Each_field_merges_on_its_own(string field)
    {
        var property = typeof(ProcedureFields).GetProperty(field)!;
        var (first, second) = TwoOtherValues(property.PropertyType, property.GetValue(Loaded));

        // Only I changed it.
        var (merged, conflicts) = FieldsRebase.Rebase(Loaded, With(Loaded, property, first), Loaded);
        Assert.Equal(With(Loaded, property, first), merged);
        Assert.Empty(conflicts);

        // Only the other person changed it: theirs is taken, also while I changed another field.
        var mine = field == nameof(ProcedureFields.Notes) ? Loaded with { Attachments = "私の添付" } : Loaded with { Notes = "私のメモ" };
        (merged, conflicts) = FieldsRebase.Rebase(Loaded, mine, With(Loaded, property, first));
        Assert.Equal(With(mine, property, first), merged);
        Assert.Empty(conflicts);

        // Both changed it to the same value: no conflict.
        (merged, conflicts) = FieldsRebase.Rebase(Loaded, With(Loaded, property, first), With(Loaded, property, first));
        Assert.Equal(With(Loaded, property, first), merged);
        Assert.Empty(conflicts);

        // Both changed it differently (a bool has no third value): mine is kept and the field is named.
        if (second is not NoValue)
        {
            (merged, conflicts) = FieldsRebase.Rebase(Loaded, With(Loaded, property, first), With(Loaded, property, second));
            Assert.Equal(With(Loaded, property, first), merged);
            Assert.Equal([field], conflicts);
        }
    }

    private sealed record NoValue;

    /// <summary>Two values different from <paramref name="current"/> and from each other (the second a NoValue when the
    /// type has only two values).</summary>
    private static (object? First, object? Second) TwoOtherValues(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        object?[] candidates = (underlying ?? type) switch
        {
            var t when t == typeof(string) => ["値A", "値B"],
            var t when t == typeof(int) => [2027, 2028],
            var t when t == typeof(bool) => [true, false],
            var t when t == typeof(DateOnly) => [new DateOnly(2024, 4, 1), new DateOnly(2025, 4, 1)],
            var t when t.IsEnum => [.. Enum.GetValues(t).Cast<object>().Take(2)],
            var t => throw new InvalidOperationException($"No test values for {t}"),
        };
        if (underlying is not null || !type.IsValueType)
            candidates = [.. candidates, null];
        var others = candidates.Where(c => !Equals(c, current)).ToList();
        return (others[0], others.Count > 1 ? others[1] : new NoValue());
    }

    private static ProcedureFields With(ProcedureFields fields, PropertyInfo property, object? value)
    {
        var copy = fields with { };
        property.SetValue(copy, value);
        return copy;
    }
}
