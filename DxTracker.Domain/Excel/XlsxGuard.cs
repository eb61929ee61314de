using System.IO.Compression;

namespace DxTracker.Domain.Excel;

/// <summary>Checks an uploaded file before it is opened as a workbook: size, that it is a zip with a workbook inside, and that
/// it does not expand into too many parts or too much data (a zip bomb). Sizes are measured by really inflating each
/// part with a cap, not trusted from the zip's own headers.</summary>
public static class XlsxGuard
{
    public const long MaxFileBytes = 10L * 1024 * 1024;
    public const long MaxUncompressedBytes = 200L * 1024 * 1024;
    public const int MaxEntries = 1_000;
    private const long Megabyte = 1024 * 1024;

    /// <summary>Copies at most <see cref="MaxFileBytes"/> from <paramref name="source"/>; null when the file is larger.</summary>
    public static async Task<MemoryStream?> ReadLimitedAsync(Stream source, CancellationToken ct)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > MaxFileBytes)
            {
                await copy.DisposeAsync();
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        copy.Position = 0;
        return copy;
    }

    public static string TooLargeMessage => ExcelText.Format("File_TooLarge", MaxFileBytes / Megabyte);

    /// <summary>Null when the file may be opened; otherwise the localised reason it is refused.</summary>
    public static string? Check(MemoryStream file)
    {
        if (file.Length > MaxFileBytes)
            return TooLargeMessage;
        var bomb = ExcelText.Format("File_Bomb", MaxUncompressedBytes / Megabyte, MaxEntries);
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
                return bomb;
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
                return ExcelText.Get("File_NotXlsx");
            if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
                return bomb;
            var buffer = new byte[81920];
            long inflated = 0;
            foreach (var entry in zip.Entries)
            {
                using var part = entry.Open();
                int read;
                while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += read;
                    if (inflated > MaxUncompressedBytes)
                        return bomb;
                }
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return ExcelText.Get("File_NotXlsx");
        }
        finally
        {
            file.Position = 0;
        }
    }
}
