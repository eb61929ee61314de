using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Procedures;

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

    /// <summary>Every field of <see cref="ProcedureFields"/> is merged, also one added later: each property changed by
    /// the user alone is kept, and each changed by the other alone is taken.</summary>
    [Fact]
    public void Rebase_covers_every_field()
    {
        var everything = new ProcedureFields
        {
            Code = "P-2", Name = "転出届", NationalProcedureId = "N-1", LawName = "法", LawArticle = "第1条",
            AdministrativeCategory = AdministrativeCategory.StatutoryEntrustedFirst, IdentityCheck = IdentityCheck.SealWithCertificate, HasFee = true,
            Attachments = "添付", TargetFiscalYear = 2027, OnlineFormUrl = "https://example.jp", CounterTablet = true,
            SmartphoneClass = true, Translation = true, Notes = "メモ",
        };
        var blank = new ProcedureFields { Code = "", Name = "" };
        var properties = typeof(ProcedureFields).GetProperties().Where(p => p.CanWrite).ToList();
        Assert.All(properties, p => Assert.NotEqual(p.GetValue(blank), p.GetValue(everything)));

        var (mineWins, mineConflicts) = FieldsRebase.Rebase(blank, everything, blank);
        Assert.Equal(everything, mineWins);
        Assert.Empty(mineConflicts);
        var (latestWins, _) = FieldsRebase.Rebase(blank, blank, everything);
        Assert.Equal(everything, latestWins);
        var (_, all) = FieldsRebase.Rebase(blank, everything, everything with { Code = "X", Name = "Y", NationalProcedureId = "Z", LawName = "Z", LawArticle = "Z",
            AdministrativeCategory = AdministrativeCategory.Autonomous, IdentityCheck = IdentityCheck.Other, HasFee = false, Attachments = "Z",
            TargetFiscalYear = 2028, OnlineFormUrl = "https://example.com", CounterTablet = true, SmartphoneClass = true, Translation = true, Notes = "Z" });
        Assert.Equal(properties.Select(p => p.Name).Where(n => n is not (nameof(ProcedureFields.CounterTablet) or nameof(ProcedureFields.SmartphoneClass) or nameof(ProcedureFields.Translation))), all);
    }
}
