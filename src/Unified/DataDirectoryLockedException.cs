namespace Zhtp.Storage.Unified;

/// <summary>
/// Another storage system (in this process or another) holds the data directory's lock file
/// (<c>zhtp.lock</c>). Stop that node, or give this one its own <see cref="ZhtpStorageOptions.DataDirectory"/>.
/// </summary>
public sealed class DataDirectoryLockedException : UnifiedStorageException
{
    /// <summary>Creates the exception.</summary>
    public DataDirectoryLockedException()
        : this("The data directory is locked by another node.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DataDirectoryLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DataDirectoryLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The locked directory (empty when unknown).</summary>
    public string DataDirectory { get; init; } = "";
}
