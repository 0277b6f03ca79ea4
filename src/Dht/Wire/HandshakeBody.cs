using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// Handshake (bulk channel only): <c>[suite, responder id (bin 32, or bin 0 when only the endpoint
/// is known), ephemeral X25519 key (bin 32), ML-KEM-768 encapsulation key (bin 1184)]</c>.
/// </summary>
internal sealed record HandshakeBody(int Suite, NodeId? Responder, ReadOnlyMemory<byte> EphemeralKey, ReadOnlyMemory<byte> EncapsulationKey) : IMessageBody
{
    /// <summary>Suite 1: X25519 + ML-KEM-768, HKDF-SHA256 combiner, BLAKE3 session MAC (docs/protocol.md "Handshake").</summary>
    public const int SuiteX25519MLKem768 = 1;

    /// <summary>Bytes of an X25519 public key.</summary>
    public const int EphemeralKeySize = 32;

    /// <summary>Bytes of an ML-KEM-768 encapsulation key.</summary>
    public const int EncapsulationKeySize = 1184;

    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(4);
        writer.Write(Suite);
        if (Responder is { } responder)
        {
            WireReading.WriteHash(ref writer, responder.Value);
        }
        else
        {
            writer.Write(ReadOnlySpan<byte>.Empty);
        }

        writer.Write(EphemeralKey.Span);
        writer.Write(EncapsulationKey.Span);
    }

    public static HandshakeBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 4);
        int suite = reader.ReadInt32();
        byte[] responder = WireReading.ReadBin(ref reader, Hash256.Size);
        if (responder.Length is not (0 or Hash256.Size))
        {
            WireReading.Throw("the responder id must be empty or 32 bytes");
        }

        byte[] ephemeral = WireReading.ReadBin(ref reader, EphemeralKeySize);
        byte[] encapsulationKey = WireReading.ReadBin(ref reader, EncapsulationKeySize);
        if (ephemeral.Length != EphemeralKeySize || encapsulationKey.Length != EncapsulationKeySize)
        {
            WireReading.Throw("the handshake keys have the wrong sizes");
        }

        return new HandshakeBody(suite, responder.Length == 0 ? null : new NodeId(responder), ephemeral, encapsulationKey);
    }
}
