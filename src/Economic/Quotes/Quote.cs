using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic;

/// <summary>
/// A host's signed, itemized and time-limited offer to store what a <see cref="QuoteRequest"/> asks,
/// at the price in <see cref="Price"/>. Check it with <see cref="QuoteValidator"/> before accepting.
/// </summary>
public sealed record Quote
{
    /// <summary>Random id of the quote.</summary>
    public required Hash256 QuoteId { get; init; }

    /// <summary>The host's public key; the quote's signature verifies with it.</summary>
    public required ReadOnlyMemory<byte> HostPublicKey { get; init; }

    /// <summary>What was asked.</summary>
    public required QuoteRequest Request { get; init; }

    /// <summary>The market the price was computed in (inputs quantized to millionths).</summary>
    public required MarketConditions Market { get; init; }

    /// <summary>The itemized price.</summary>
    public required PriceBreakdown Price { get; init; }

    /// <summary>When the quote was issued (millisecond precision).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the quote stops being acceptable (issued + validity, 1 h by default).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The host's signature over <see cref="QuoteCodec"/>'s canonical body.</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The host's node id (BLAKE3 of its public key).</summary>
    public NodeId Host => NodeId.FromPublicKey(HostPublicKey.Span);

    /// <summary>True when <paramref name="now"/> is at or after <see cref="ExpiresAt"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>The canonical encoding (body and signature) for storage or the wire.</summary>
    public byte[] Encode() => QuoteCodec.Encode(this);

    /// <summary>Decodes <see cref="Encode"/>'s output; does not verify (use <see cref="QuoteValidator"/>).</summary>
    /// <exception cref="Zhtp.Storage.Types.MessagePack.MessagePackSerializationException">The bytes are not a well-formed quote.</exception>
    public static Quote Decode(ReadOnlyMemory<byte> encoded) => QuoteCodec.Decode(encoded);
}
