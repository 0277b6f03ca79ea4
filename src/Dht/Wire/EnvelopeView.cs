using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>A parsed (not yet verified) envelope whose spans point into the received datagram.</summary>
internal ref struct EnvelopeView
{
    public MessageType Type;
    public ulong RequestId;
    public NodeId SenderId;
    public byte Algorithm;
    public ReadOnlySpan<byte> SenderKey;
    public long TimestampMs;

    /// <summary>The raw MessagePack array of the body.</summary>
    public ReadOnlySpan<byte> Body;

    /// <summary>The bytes the signature covers (every byte before the signature element).</summary>
    public ReadOnlySpan<byte> Signed;

    public ReadOnlySpan<byte> Signature;
}
