namespace Zhtp.Storage.Dht;

/// <summary>A DHT operation failed; the message says what happened and what to do.</summary>
public class DhtException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DhtException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DhtException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DhtException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
