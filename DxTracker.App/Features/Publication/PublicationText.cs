using System.Globalization;
using System.Resources;

namespace DxTracker.App.Features.Publication;

/// <summary>The public lists' words (PublicationText.tsv → .resx).</summary>
public sealed class PublicationText
{
    private static readonly ResourceManager Resources = new(typeof(PublicationText));
    private static readonly CultureInfo JapaneseCulture = CultureInfo.GetCultureInfo("ja-JP");

    /// <summary>The Japanese word whatever the UI language: the published files' headers are Japanese.</summary>
    public static string Japanese(string name) => Resources.GetString(name, JapaneseCulture) ?? name;
}
