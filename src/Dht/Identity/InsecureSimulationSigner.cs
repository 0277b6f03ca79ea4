using System.Security.Cryptography;
using Blake3;

namespace Zhtp.Storage.Dht.Identity;

/// <summary>
/// INSECURE — for simulations and benchmarks of the protocol only. The "signature" is
/// BLAKE3(publicKey || data), which anyone can compute: it proves nothing about the sender. It keeps
/// the envelope format and checks (id = BLAKE3(key), tampered bytes are rejected) while costing a
/// hash instead of an ECDSA operation. Never use it in a network that meets untrusted nodes.
/// </summary>
internal sealed class InsecureSimulationSigner : INodeSigner
{
    /// <summary>Wire algorithm id of this insecure scheme: the largest id, since bits 0x40 and 0x80 of the field are flags (docs/protocol.md).</summary>
    public const byte AlgorithmId = 0x3F;

    /// <summary>Messages up to this size (a datagram and then some) are hashed in one call from the stack.</summary>
    private const int StackLimit = 4096;

    private readonly byte[] _publicKey;

    public InsecureSimulationSigner(Random? random = null)
    {
        _publicKey = new byte[32];
        if (random is null)
        {
            RandomNumberGenerator.Fill(_publicKey);
        }
        else
        {
            random.NextBytes(_publicKey);
        }
    }

    public byte Algorithm => AlgorithmId;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => 32;

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => Compute(_publicKey, data, signature);

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 32 || publicKey.Length != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Compute(publicKey, data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    private static void Compute(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (publicKey.Length + data.Length <= StackLimit)
        {
            // One-shot hash of key || data on the stack: Hasher.New() rents its buffers from the
            // shared ArrayPool on every call, which a profile of 10,000 nodes showed as the cost of
            // signing (pool contention and refills after every gen-2 trim). Same digest either way.
            Span<byte> joined = stackalloc byte[publicKey.Length + data.Length];
            publicKey.CopyTo(joined);
            data.CopyTo(joined[publicKey.Length..]);
            Hasher.Hash(joined, output[..32]);
            return;
        }

        using Hasher hasher = Hasher.New();
        hasher.Update(publicKey);
        hasher.Update(data);
        hasher.Finalize(output[..32]);
    }

    public void Dispose()
    {
    }
}
