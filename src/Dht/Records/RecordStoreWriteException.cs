namespace Zhtp.Storage.Dht;

/// <summary>
/// A persistent record store could not commit a write (disk full, permissions, I/O error). Nothing of
/// the failed batch was stored; every put that was committed together with it fails with this exception.
/// </summary>
public sealed class RecordStoreWriteException : DhtException
{
    /// <summary>Creates the exception.</summary>
    public RecordStoreWriteException()
        : base("The record store could not commit a write; nothing of it was stored. Check the data directory's disk (space, permissions) and retry.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RecordStoreWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public RecordStoreWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
