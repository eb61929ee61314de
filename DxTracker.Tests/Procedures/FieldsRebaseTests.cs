using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Procedures;

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
}
