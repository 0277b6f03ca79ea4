namespace Zhtp.Storage.Unified;

/// <summary>The unified storage system cannot do what was asked (not started, already stopped, or a start failure); the message says what to do.</summary>
public class UnifiedStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnifiedStorageException()
        : this("The unified storage system failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnifiedStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public UnifiedStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
