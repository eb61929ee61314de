using System.IO.Compression;
using System.Text;
using DxTracker.App.Hosting;
using DxTracker.Domain.National;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace DxTracker.Tests.Publication;

/// <summary>The stored public answers are compressed by <see cref="PublicBrotli"/>, not by the framework's brotli provider: on a
/// table of real procedure names it must send fewer bytes than the framework's best "Optimal" setting, and lose none.</summary>
[Trait("Kind", "Pure")]
public sealed class PublicBrotliTests
{
    [Fact]
    public void The_public_table_goes_out_smaller_than_the_framework_default_and_whole()
    {
        var table = new StringBuilder();
        foreach (var (p, i) in NationalCatalogue.ReadEmbedded().Select((p, i) => (p, i)))
            table.Append($"\"令和8年度\",2026,\"{p.Name}\",{i * 7 % 900},{i * 3 % 400}\r\n");
        var plain = Encoding.UTF8.GetBytes(table.ToString());
        var framework = new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = CompressionLevel.Optimal }));

        var ours = Compress(new PublicBrotli(), plain);
        var theirs = Compress(framework, plain);

        Assert.Equal("br", new PublicBrotli().EncodingName);
        Assert.True(ours.Length < theirs.Length * 0.95, $"PublicBrotli {ours.Length} bytes, the framework's Optimal {theirs.Length}");
        using var decoder = new BrotliStream(new MemoryStream(ours), CompressionMode.Decompress);
        using var back = new MemoryStream();
        decoder.CopyTo(back);
        Assert.Equal(plain, back.ToArray());
    }

    private static byte[] Compress(ICompressionProvider provider, byte[] plain)
    {
        using var output = new MemoryStream();
        using (var stream = provider.CreateStream(output))
            stream.Write(plain);
        return output.ToArray();
    }
}
