using System.Buffers;
using System.Text;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Codec;

/// <summary>Writes a body with the MessagePack writer.</summary>
internal delegate void BodyWriter<in T>(ref MessagePackWriter writer, T value);

// Implementation notes
// Every signature of the economic layer covers domain || 0x00 || body, where domain is an ASCII
// label such as "zhtp/economic/quote/v1" and body the canonical MessagePack encoding of the signed
// fields (arrays of fixed order, integers in their smallest form as the writer emits them, no
// maps, no floats). A signature made for one kind of message can never verify as another.
internal static class SignedEnvelope
{
    internal static byte[] Encode<T>(T value, BodyWriter<T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        write(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    internal static byte[] SigningInput(string domain, ReadOnlySpan<byte> body)
    {
        var input = new byte[domain.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(domain, input);
        body.CopyTo(input.AsSpan(domain.Length + 1));
        return input;
    }

    internal static byte[] Sign(INodeSigner signer, string domain, ReadOnlySpan<byte> body) => signer.Sign(SigningInput(domain, body));

    internal static bool Verify(ISignatureVerifier verifier, ReadOnlySpan<byte> publicKey, string domain, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature) =>
        verifier.Verify(publicKey, SigningInput(domain, body), signature);

    internal static byte[] ReadBytes(ref MessagePackReader reader, int maxLength, string field)
    {
        if (!reader.TryReadBytesSpan(out var span))
        {
            throw new MessagePackSerializationException($"{field}: expected binary data.");
        }

        if (span.Length > maxLength)
        {
            throw new MessagePackSerializationException($"{field}: {span.Length} bytes exceed the limit of {maxLength}.");
        }

        return span.ToArray();
    }

    internal static Zhtp.Storage.Types.Hash256 ReadHash(ref MessagePackReader reader, string field)
    {
        if (!reader.TryReadBytesSpan(out var span) || span.Length != Zhtp.Storage.Types.Hash256.Size)
        {
            throw new MessagePackSerializationException($"{field}: expected 32 bytes of binary data.");
        }

        return new Zhtp.Storage.Types.Hash256(span);
    }

    internal static void WriteHash(ref MessagePackWriter writer, Zhtp.Storage.Types.Hash256 hash)
    {
        writer.Write(hash.ToArray());
    }

    internal static void ExpectArray(ref MessagePackReader reader, int count, string what)
    {
        var actual = reader.ReadArrayHeader();
        if (actual != count)
        {
            throw new MessagePackSerializationException($"{what}: expected an array of {count} fields, found {actual}.");
        }
    }
}
