using System.Globalization;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Rules;

/// <summary>The procedure profile in the inventory and the annual report: its columns, the words in its cells (written in
/// Japanese, several flags joined by 「、」), how a hand-filled cell is read back, and which fields a sheet without the
/// column leaves alone.</summary>
[Trait("Kind", "Pure")]
public sealed class InventoryProfileTests
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static readonly ProcedureProfile Full = new(Telework.Partly, TeleworkBarriers.PersonalData | TeleworkBarriers.Other, "庁外持出し不可",
        SealRequirement.Abolished, new DateOnly(2025, 4, 1), 3, 1, InPersonRequirement.Ordinance, FeePaymentMethod.Cashless, 14,
        LifeEvents.Birth | LifeEvents.Moving);

    [Fact]
    public void The_profile_columns_close_the_fixed_headers_in_their_order_and_kind()
    {
        Assert.Equal(
            ["在宅勤務可否", "在宅勤務不可の理由", "在宅勤務不可の理由（その他）", "押印", "押印廃止日", "添付書類数", "廃止した添付書類数", "対面要件",
                "手数料の納付方法", "標準処理期間", "ライフイベント"],
            InventoryColumns.Profile);
        Assert.Equal(InventoryColumns.Profile, InventoryColumns.Fixed.TakeLast(InventoryColumns.Profile.Count));
        Assert.Equal(InventoryColumns.Code, InventoryColumns.Fixed[0]);
        Assert.Equal(
            [CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Date, CellKind.Number, CellKind.Number, CellKind.Text,
                CellKind.Text, CellKind.Number, CellKind.Text],
            InventoryColumns.ProfileColumns.Select(c => c.Kind));
    }

    [Fact]
    public void A_full_profile_is_written_in_Japanese_with_flags_joined_by_the_Japanese_separator()
    {
        Assert.Equal(
            ["一部可", "個人情報・機密情報、その他", "庁外持出し不可", "廃止済", new DateOnly(2025, 4, 1), 3, 1, "条例", "キャッシュレス", 14,
                "出生・こども、引越し"],
            InventoryColumns.ProfileCells(Full, Japanese));
    }

    [Fact]
    public void The_annual_report_in_English_writes_the_English_words()
    {
        var cells = InventoryColumns.ProfileCells(Full, English);
        Assert.Equal(("Partly", "Personal or confidential data, Other", "Abolished", "Ward ordinance", "Birth and children, Moving house"),
            (cells[0], cells[1], cells[3], cells[7], cells[10]));
    }

    [Fact]
    public void An_empty_profile_leaves_every_cell_empty()
    {
        var empty = new ProcedureProfile(null, TeleworkBarriers.None, null, null, null, null, null, null, null, null, LifeEvents.None);
        Assert.All(InventoryColumns.ProfileCells(empty, Japanese), Assert.Null);
        Assert.Equal(InventoryColumns.ProfileColumns.Count, InventoryColumns.ProfileCells(empty, Japanese).Length);
    }

    [Fact]
    public void A_procedures_profile_is_taken_field_by_field()
    {
        var p = Procedure.Create(1, new ProcedureFields
        {
            Code = "P-1", Name = "児童手当", Telework = Full.Telework, TeleworkBarriers = Full.TeleworkBarriers,
            TeleworkOtherReason = Full.TeleworkOtherReason, Seal = Full.Seal, SealAbolishedOn = Full.SealAbolishedOn,
            AttachmentCount = Full.AttachmentCount, AbolishedAttachmentCount = Full.AbolishedAttachmentCount, InPerson = Full.InPerson,
            FeePayment = Full.FeePayment, StandardProcessingDays = Full.StandardProcessingDays, LifeEvents = Full.LifeEvents,
        }, new Actor("dx", "DX", Role.DxTeam, null), new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Full, ProcedureProfile.Of(p));
    }

    [Fact]
    public void The_report_header_is_the_inventorys_own_in_Japanese_and_a_translation_otherwise()
    {
        var lifeEvents = InventoryColumns.ProfileColumns[^1];
        Assert.Equal("ライフイベント", InventoryColumns.ReportHeader(lifeEvents, Japanese));
        Assert.Equal("Life events", InventoryColumns.ReportHeader(lifeEvents, English));
        Assert.Equal("Telework possible", InventoryColumns.ReportHeader(InventoryColumns.ProfileColumns[0], English));
        Assert.All(InventoryColumns.ProfileColumns, c =>
        {
            Assert.Equal(c.Header, InventoryColumns.ReportHeader(c, Japanese));
            Assert.NotEqual(c.Header, InventoryColumns.ReportHeader(c, English));
            Assert.DoesNotContain("ProfileCol_", InventoryColumns.ReportHeader(c, English));
        });
    }

    public static TheoryData<string> ProfileHeaders => new(InventoryColumns.Profile);

    [Theory]
    [MemberData(nameof(ProfileHeaders))]
    public void A_sheet_without_a_profile_column_keeps_that_field_and_takes_every_other(string missing)
    {
        var current = new ProcedureFields
        {
            Code = "P-1", Name = "旧", Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.CounterWork, TeleworkOtherReason = "旧理由",
            Seal = SealRequirement.Required, SealAbolishedOn = new DateOnly(2020, 1, 1), AttachmentCount = 9, AbolishedAttachmentCount = 8,
            InPerson = InPersonRequirement.Law, FeePayment = FeePaymentMethod.CounterCash, StandardProcessingDays = 30, LifeEvents = LifeEvents.Death,
        };
        var row = new ProcedureFields
        {
            Code = "P-1", Name = "新", Telework = Telework.Possible, TeleworkBarriers = TeleworkBarriers.None, TeleworkOtherReason = null,
            Seal = SealRequirement.NotRequired, SealAbolishedOn = null, AttachmentCount = 1, AbolishedAttachmentCount = 0,
            InPerson = InPersonRequirement.Practice, FeePayment = FeePaymentMethod.OnlinePayment, StandardProcessingDays = 5, LifeEvents = LifeEvents.Tax,
        };
        var merged = InventoryColumns.KeepAbsent(row, current, header => header != missing);
        Assert.Equal("新", merged.Name);
        foreach (var (header, property) in InventoryColumns.ProfileColumns.Select(c => (c.Header, typeof(ProcedureFields).GetProperty(c.Key)!)))
            Assert.Equal(property.GetValue(header == missing ? current : row), property.GetValue(merged));
        Assert.Equal(row, InventoryColumns.KeepAbsent(row, current, _ => true));
    }

    [Fact]
    public void Profile_words_are_written_in_Japanese_and_read_from_Japanese_English_or_the_name()
    {
        Assert.Equal("一部可", InventoryWords.Word(Telework.Partly));
        Assert.Equal("規則・要綱", InventoryWords.Word(InPersonRequirement.Regulation));
        Assert.True(InventoryWords.TryWord<Telework>(" 不可 ", out var notPossible));
        Assert.Equal(Telework.NotPossible, notPossible);
        Assert.True(InventoryWords.TryWord<FeePaymentMethod>("online payment", out var online));
        Assert.Equal(FeePaymentMethod.OnlinePayment, online);
        Assert.True(InventoryWords.TryWord<SealRequirement>("abolished", out var abolished));
        Assert.Equal(SealRequirement.Abolished, abolished);
        // Codes are the national survey's for two columns only, not for the profile.
        Assert.False(InventoryWords.TryWord<Telework>("1", out _));
        Assert.False(InventoryWords.TryWord<Telework>("たぶん", out _));
    }

    [Theory]
    [InlineData("出生・こども、引越し", LifeEvents.Birth | LifeEvents.Moving)]
    [InlineData("Birth and children, Moving house", LifeEvents.Birth | LifeEvents.Moving)]
    [InlineData("税金；介護;\n死亡・相続，Pension", LifeEvents.Tax | LifeEvents.Care | LifeEvents.Death | LifeEvents.Pension)]
    [InlineData(" 、 ", LifeEvents.None)]
    public void Flags_are_read_from_words_separated_by_any_usual_separator(string cell, LifeEvents expected)
    {
        Assert.True(InventoryWords.TryWords<LifeEvents>(cell, out var flags, out var unknown));
        Assert.Equal(expected, flags);
        Assert.Null(unknown);
    }

    [Fact]
    public void The_first_unknown_word_is_given_back()
    {
        Assert.False(InventoryWords.TryWords<TeleworkBarriers>("窓口対応が必要、出張、宇宙", out _, out var unknown));
        Assert.Equal("出張", unknown);
    }

    [Fact]
    public void The_allowed_words_leave_out_a_flags_empty_value_but_not_a_plain_enums()
    {
        Assert.Equal("個人情報・機密情報、窓口対応が必要、紙原本の取扱い、LGWAN内のシステムのみ、その他", InventoryWords.AllowedWords<TeleworkBarriers>());
        Assert.Equal("窓口現金、キャッシュレス、オンライン決済、なし", InventoryWords.AllowedWords<FeePaymentMethod>());
    }

    [Fact]
    public void Objection_categories_identity_checks_and_administrative_categories_are_written_as_their_Japanese_words()
    {
        Assert.Equal("押印", InventoryWords.Category(ObjectionCategory.Seal));
        Assert.Equal("本人確認書類", InventoryWords.IdentityCheck(IdentityCheck.IdDocument));
        Assert.Equal("自治事務", InventoryWords.AdministrativeCategory(AdministrativeCategory.Autonomous));
        Assert.Equal("未検討", InventoryWords.Status(ProcedureStatus.NotConsidered));
    }
}
