namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// A member's share s_i = f(i) of a threshold BLS key, with its 1-based member index. It signs like a
/// <see cref="SecretKey"/> (constant-time scalar multiplication) to give a partial signature. Dispose
/// zeroes it.
/// </summary>
public sealed class SecretShare : IDisposable
{
    private readonly SecretKey _key;

    private SecretShare(int index, SecretKey key)
    {
        Index = index;
        _key = key;
    }

    /// <summary>The member index i (1-based, the x at which the polynomial was evaluated).</summary>
    public int Index { get; }

    /// <summary>[s_i]G1: the member's public share (what <see cref="FeldmanCommitment.PublicShare"/> gives for the index).</summary>
    public PublicKey PublicKey => _key.PublicKey;

    /// <summary>Reads a share: the index and its 32-byte big-endian scalar.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is below 1.</exception>
    /// <exception cref="BlsFormatException">Not 32 bytes, zero, or not below r.</exception>
    public static SecretShare FromBytes(int index, ReadOnlySpan<byte> scalar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return new SecretShare(index, SecretKey.FromBytes(scalar));
    }

    internal static SecretShare FromScalar(int index, in Fr value)
    {
        Span<byte> bytes = stackalloc byte[Fr.Size];
        value.WriteBytes(bytes);
        try
        {
            return FromBytes(index, bytes);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    internal Fr Scalar
    {
        get
        {
            byte[] bytes = _key.ToBytes();
            _ = Fr.TryFromBytes(bytes, out Fr value);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            return value;
        }
    }

    /// <summary>The 32-byte big-endian scalar (a copy; the caller should zero it after use).</summary>
    public byte[] ToBytes() => _key.ToBytes();

    /// <summary>The partial signature [s_i]·H(message) (POP ciphersuite DST), tagged with this index.</summary>
    public PartialSignature Sign(ReadOnlySpan<byte> message) => new(Index, _key.Sign(message));

    /// <summary>Zeroes the share.</summary>
    public void Dispose() => _key.Dispose();
}
