using DxTracker.Domain.National;

namespace DxTracker.Tests.National;

/// <summary>Matching our procedures to the real national catalogue by name and legal basis.</summary>
public sealed class NationalMatcherTests
{
    private static readonly NationalMatcher Matcher = new(NationalCatalogue.ReadEmbedded());

    [Theory]
    [InlineData("住民票の写し等の交付請求", null, "9108")]
    [InlineData("住民票の写し等の交付請求", "住民基本台帳法", "9108")]
    [InlineData("転入届", null, "9062")]
    [InlineData("転入届", "住民基本台帳法", "9062")]
    [InlineData("埋葬又は火葬の許可の申請", null, "DP24108216")]
    [InlineData("埋葬・火葬許可申請", "墓地、埋葬等に関する法律", "DP24108216")]
    [InlineData("児童手当の認定の請求", null, "204038")]
    [InlineData("児童手当認定請求書", "児童手当法", "204038")]
    public void Suggest_puts_the_right_national_procedure_first(string name, string? law, string expectedNationalId)
    {
        var suggestions = Matcher.Suggest(name, law);
        Assert.NotEmpty(suggestions);
        Assert.Equal(expectedNationalId, suggestions[0].NationalId);
        Assert.True(suggestions.Zip(suggestions.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Suggest_returns_nothing_for_an_unrelated_name() =>
        Assert.Empty(Matcher.Suggest("ZZZ", null));
}
