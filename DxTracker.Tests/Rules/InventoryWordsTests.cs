using System.Globalization;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Procedures;

namespace DxTracker.Tests.Rules;

/// <summary>The inventory's cell words and volume headers: what a hand-filled sheet may hold and how it is read back.</summary>
[Trait("Kind", "Pure")]
public sealed class InventoryWordsTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public void Every_status_is_written_in_Japanese_and_read_back_from_its_Japanese_English_or_enum_name_but_not_a_number()
    {
        foreach (var status in Enum.GetValues<ProcedureStatus>())
        {
            var japanese = InventoryWords.Status(status);
            Assert.Equal(Domain.Resources.DomainText.Get("Status_" + status, CultureInfo.GetCultureInfo("ja-JP")), japanese);
            Assert.NotEqual(status.ToString(), japanese);
            AssertReads(InventoryWords.TryStatus, status, japanese);
            AssertReads(InventoryWords.TryStatus, status, "  " + japanese + " ");
            AssertReads(InventoryWords.TryStatus, status, Domain.Resources.DomainText.Get("Status_" + status, English).ToUpperInvariant());
            AssertReads(InventoryWords.TryStatus, status, status.ToString().ToLowerInvariant());
            Assert.False(InventoryWords.TryStatus(((int)status).ToString(CultureInfo.InvariantCulture), out _));
        }
        Assert.False(InventoryWords.TryStatus("電子化する予定", out var none));
        Assert.Equal(default, none);
    }

    [Fact]
    public void Every_category_reads_back_and_numbers_are_refused()
    {
        foreach (var category in Enum.GetValues<ObjectionCategory>())
        {
            AssertReads(InventoryWords.TryCategory, category, InventoryWords.Category(category));
            AssertReads(InventoryWords.TryCategory, category, Domain.Resources.DomainText.Get("Category_" + category, English));
            Assert.False(InventoryWords.TryCategory(((int)category + 1).ToString(CultureInfo.InvariantCulture), out _));
        }
    }

    [Fact]
    public void Identity_checks_and_administrative_categories_also_read_the_national_surveys_codes_in_full_width_too()
    {
        foreach (var check in Enum.GetValues<IdentityCheck>())
        {
            AssertReads(InventoryWords.TryIdentityCheck, check, InventoryWords.IdentityCheck(check));
            AssertReads(InventoryWords.TryIdentityCheck, check, ((int)check).ToString(CultureInfo.InvariantCulture));
            AssertReads(InventoryWords.TryIdentityCheck, check, ((char)('０' + (int)check)).ToString());
        }
        foreach (var category in Enum.GetValues<AdministrativeCategory>())
        {
            AssertReads(InventoryWords.TryAdministrativeCategory, category, InventoryWords.AdministrativeCategory(category));
            AssertReads(InventoryWords.TryAdministrativeCategory, category, " " + ((int)category).ToString(CultureInfo.InvariantCulture) + " ");
        }
        Assert.False(InventoryWords.TryIdentityCheck("7", out _));
        Assert.False(InventoryWords.TryAdministrativeCategory("0", out _));
    }

    [Theory]
    [InlineData("有", true)]
    [InlineData("あり", true)]
    [InlineData("有り", true)]
    [InlineData(" YES ", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("無", false)]
    [InlineData("なし", false)]
    [InlineData("無し", false)]
    [InlineData("No", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Fee_reads_the_usual_yes_and_no_words(string cell, bool expected)
    {
        Assert.True(InventoryWords.TryFee(cell, out var hasFee));
        Assert.Equal(expected, hasFee);
    }

    [Fact]
    public void Fee_refuses_anything_else_and_writes_有_or_無()
    {
        Assert.False(InventoryWords.TryFee("要", out var hasFee));
        Assert.False(hasFee);
        Assert.Equal("有", InventoryWords.Fee(true));
        Assert.Equal("無", InventoryWords.Fee(false));
        Assert.True(InventoryWords.TryFee(InventoryWords.Fee(true), out var written) && written);
    }

    [Fact]
    public void A_word_given_twice_in_a_list_counts_once()
    {
        Assert.True(InventoryWords.TryWords<TeleworkBarriers>("窓口対応が必要、個人情報・機密情報、窓口対応が必要", out var flags, out var unknown));
        Assert.Null(unknown);
        Assert.Equal(TeleworkBarriers.CounterWork | TeleworkBarriers.PersonalData, flags);
    }

    [Fact]
    public void The_allowed_list_names_every_value_in_Japanese_joined_by_the_list_separator()
    {
        var old = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
            Assert.Equal(string.Join("、", Enum.GetValues<ProcedureStatus>().Select(InventoryWords.Status)),
                InventoryWords.Allowed<ProcedureStatus>("Status_"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = old;
        }
    }

    [Theory]
    [InlineData("総件数 2025", 2025, false)]
    [InlineData("オンライン件数 2026", 2026, true)]
    [InlineData("総件数2024", 2024, false)]
    [InlineData("オンライン件数　２０２３", 2023, true)]
    public void Volume_headers_give_their_year_and_kind_full_width_digits_and_spaces_included(string header, int year, bool online) =>
        Assert.Equal((year, online), InventoryColumns.ParseVolumeHeader(header));

    [Theory]
    [InlineData("総件数")]
    [InlineData("総件数 25")]
    [InlineData("総件数 20255")]
    [InlineData("x総件数 2025")]
    [InlineData("総件数 2025 ")]
    [InlineData("オンライン 2025")]
    [InlineData("手続名")]
    public void Other_headers_are_not_volumes(string header) => Assert.Null(InventoryColumns.ParseVolumeHeader(header));

    [Fact]
    public void Written_volume_headers_parse_back_to_their_year()
    {
        Assert.Equal("総件数 2025", InventoryColumns.Total(2025));
        Assert.Equal("オンライン件数 2025", InventoryColumns.Online(2025));
        Assert.Equal((2031, false), InventoryColumns.ParseVolumeHeader(InventoryColumns.Total(2031)));
        Assert.Equal((2031, true), InventoryColumns.ParseVolumeHeader(InventoryColumns.Online(2031)));
    }

    [Fact]
    public void The_fixed_headers_are_distinct_and_none_looks_like_a_volume()
    {
        Assert.Equal(InventoryColumns.Fixed.Count, InventoryColumns.Fixed.Distinct().Count());
        Assert.All(InventoryColumns.Fixed, h => Assert.Null(InventoryColumns.ParseVolumeHeader(h)));
        Assert.Equal(InventoryColumns.Code, InventoryColumns.Fixed[0]);
    }

    private delegate bool TryRead<T>(string text, out T value);

    private static void AssertReads<T>(TryRead<T> read, T expected, string cell)
    {
        Assert.True(read(cell, out var value), $"'{cell}' was not read as {expected}");
        Assert.Equal(expected, value);
    }
}
