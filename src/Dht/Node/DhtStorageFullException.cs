namespace Zhtp.Storage.Dht;

/// <summary>No node stored the record because the storage quotas of the closest nodes (or the local one) are full.</summary>
public sealed class DhtStorageFullException : DhtException
{
    /// <summary>Creates the exception.</summary>
    public DhtStorageFullException()
        : base("Storage full: the closest nodes refused the record because their storage quota is exhausted. Free space, raise DhtConfig.StorageQuotaBytes or add nodes.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DhtStorageFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DhtStorageFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
