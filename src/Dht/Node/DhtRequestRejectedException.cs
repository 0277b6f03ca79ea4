namespace Zhtp.Storage.Dht;

/// <summary>Thrown by an <see cref="AppRequestHandler"/> to refuse a request; the message is sent back to the requester.</summary>
public sealed class DhtRequestRejectedException : DhtException
{
    /// <summary>Creates the exception.</summary>
    public DhtRequestRejectedException()
    {
    }

    /// <summary>Creates the exception with the message sent to the requester.</summary>
    public DhtRequestRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DhtRequestRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
