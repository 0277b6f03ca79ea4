using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>A parsed (not yet verified) envelope whose spans point into the received datagram.</summary>
internal ref struct EnvelopeView
{
    /// <summary><see cref="EnvelopeCodec.Version"/>, or <see cref="EnvelopeCodec.ContentBoundVersion"/> for a content-bound bulk frame.</summary>
    public int Version;
    public MessageType Type;
    public ulong RequestId;
    public NodeId SenderId;
    public byte Algorithm;
    public ReadOnlySpan<byte> SenderKey;
    public long TimestampMs;

    /// <summary>The raw MessagePack array of the body.</summary>
    public ReadOnlySpan<byte> Body;

    /// <summary>
    /// The bytes the signature covers (every byte before the signature element); in a content-bound Store or Value,
    /// the first part of what the MAC covers: every byte before the record's value bytes.
    /// </summary>
    public ReadOnlySpan<byte> Signed;

    /// <summary>Empty, except in a content-bound Store or Value: the second part of what the MAC covers, every byte after the value bytes and before the MAC.</summary>
    public ReadOnlySpan<byte> SignedTail;

    /// <summary>In a content-bound Store or Value: the record's key (32 bytes), which the MAC covers; otherwise empty.</summary>
    public ReadOnlySpan<byte> ContentKey;

    /// <summary>In a content-bound Store or Value: the record's value bytes, which the MAC does not cover (bound by key = BLAKE3(value)); otherwise empty.</summary>
    public ReadOnlySpan<byte> ContentValue;

    /// <summary>True once the receiver checked <see cref="ContentKey"/> = BLAKE3(<see cref="ContentValue"/>).</summary>
    public bool ContentKeyVerified;

    public ReadOnlySpan<byte> Signature;

    /// <summary>True for a content-bound Store or Value, whose MAC leaves out the value bytes.</summary>
    public readonly bool BindsContent => Version == EnvelopeCodec.ContentBoundVersion && Type is MessageType.Store or MessageType.Value;
}
