namespace DxTracker.App.Hosting;

/// <summary>An exclusive lock on "app.lock" in the data folder, held while the app runs (the OS releases it when the
/// process ends, even when killed). A second app on the same folder and a restore without --force are refused. SQLite
/// only: the files in the folder are the data.</summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "app.lock";
    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static DataFolderLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var file = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
                writer.Write(Environment.ProcessId);
            file.Flush();
            return new DataFolderLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The lock for the app's configured data folder; stops the start with a clear message when it is taken. On
    /// PostgreSQL none: the folder holds no data then, and several instances of one installation share it.</summary>
    public static DataFolderLock? Acquire(WebApplication app)
    {
        if (DataSetup.Provider(app.Configuration) == DatabaseProvider.Postgres)
            return null;
        var folder = DataSetup.DataDirectory(app.Configuration, app.Environment);
        return TryAcquire(folder)
            ?? throw new InvalidOperationException($"Another DxTracker process is using the data folder {folder}.");
    }

    public void Dispose() => _file.Dispose();
}
