using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// HandshakeReply (bulk channel only): <c>[suite, BLAKE3 of the whole Handshake frame (bin 32),
/// ephemeral X25519 key (bin 32), ML-KEM-768 ciphertext (bin 1088)]</c>. The responder's signature
/// over the reply therefore covers the whole transcript.
/// </summary>
internal sealed record HandshakeReplyBody(int Suite, Hash256 RequestHash, ReadOnlyMemory<byte> EphemeralKey, ReadOnlyMemory<byte> Ciphertext) : IMessageBody
{
    /// <summary>Bytes of an ML-KEM-768 ciphertext.</summary>
    public const int CiphertextSize = 1088;

    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(4);
        writer.Write(Suite);
        WireReading.WriteHash(ref writer, RequestHash);
        writer.Write(EphemeralKey.Span);
        writer.Write(Ciphertext.Span);
    }

    public static HandshakeReplyBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 4);
        int suite = reader.ReadInt32();
        Hash256 requestHash = WireReading.ReadHash(ref reader);
        byte[] ephemeral = WireReading.ReadBin(ref reader, HandshakeBody.EphemeralKeySize);
        byte[] ciphertext = WireReading.ReadBin(ref reader, CiphertextSize);
        if (ephemeral.Length != HandshakeBody.EphemeralKeySize || ciphertext.Length != CiphertextSize)
        {
            WireReading.Throw("the handshake reply fields have the wrong sizes");
        }

        return new HandshakeReplyBody(suite, requestHash, ephemeral, ciphertext);
    }
}
