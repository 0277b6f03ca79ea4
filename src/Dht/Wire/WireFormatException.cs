namespace Zhtp.Storage.Dht.Wire;

/// <summary>A message body parsed as MessagePack but broke a protocol rule (wrong element count, bad length).</summary>
internal sealed class WireFormatException : Exception
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
