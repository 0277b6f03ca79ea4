using System.Globalization;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>
/// The exclusive lock on a data directory: <c>zhtp.lock</c> held open with no sharing (an advisory
/// <c>flock</c> on Unix, a share-mode lock on Windows) for the life of the node; the operating system
/// releases it when the process dies, so a crashed node never leaves a stale lock.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "zhtp.lock";
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <exception cref="DataDirectoryLockedException">Another node holds the lock.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DataDirectoryLockedException(
                $"The data directory {Path.GetFullPath(directory)} is in use by another node (it holds {FileName}). Stop that node or give this one its own DataDirectory.", e)
            {
                DataDirectory = Path.GetFullPath(directory),
            };
        }

        try
        {
            file.SetLength(0);
            byte[] pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            file.Write(pid);
            file.Flush();
        }
        catch (IOException)
        {
            // The pid is a courtesy for operators; the open handle is the lock.
        }

        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
