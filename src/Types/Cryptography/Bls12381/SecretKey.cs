using System.Numerics;
using System.Security.Cryptography;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// A BLS12-381 secret key: a scalar 0 &lt; sk &lt; r, kept as 32 big-endian bytes and zeroed by
/// <see cref="Dispose"/>. Signing and key derivation multiply in constant time (a fixed window
/// with a masked table scan), so their timing does not depend on the key.
/// </summary>
public sealed class SecretKey : IDisposable
{
    /// <summary>The encoded size in bytes (big-endian scalar).</summary>
    public const int Size = 32;

    /// <summary>The least IKM length KeyGen accepts (draft-irtf-cfrg-bls-signature-05 §2.3).</summary>
    public const int MinimumIkmLength = 32;

    private readonly byte[] _scalar;
    private PublicKey? _publicKey;

    private SecretKey(byte[] scalar) => _scalar = scalar;

    /// <summary>
    /// KeyGen of draft-irtf-cfrg-bls-signature-05 (with the v4+ salt iteration): HKDF-SHA-256 of
    /// <paramref name="ikm"/> (at least 32 bytes of secret randomness) and an empty key_info, reduced mod r.
    /// </summary>
    /// <exception cref="ArgumentException">The IKM is shorter than 32 bytes.</exception>
    public static SecretKey KeyGen(ReadOnlySpan<byte> ikm) => KeyGen(ikm, []);

    /// <summary>KeyGen with <paramref name="keyInfo"/> (application-chosen key_info; empty by default).</summary>
    /// <exception cref="ArgumentException">The IKM is shorter than 32 bytes.</exception>
    public static SecretKey KeyGen(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> keyInfo)
    {
        if (ikm.Length < MinimumIkmLength)
        {
            throw new ArgumentException($"BLS KeyGen needs at least {MinimumIkmLength} bytes of IKM, got {ikm.Length}; supply more key material.", nameof(ikm));
        }

        const int okmLength = 48;
        byte[] salt = "BLS-SIG-KEYGEN-SALT-"u8.ToArray();
        byte[] ikmZero = [.. ikm, 0];
        byte[] info = [.. keyInfo, 0, okmLength];
        byte[] okm = new byte[okmLength];
        try
        {
            while (true)
            {
                salt = SHA256.HashData(salt);
                byte[] prk = HKDF.Extract(HashAlgorithmName.SHA256, ikmZero, salt);
                HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, info);
                CryptographicOperations.ZeroMemory(prk);

                // Not constant time: BigInteger reduces the 48-byte OKM (docs/bls.md, "Constant time").
                BigInteger sk = BigInteger.Remainder(new BigInteger(okm, isUnsigned: true, isBigEndian: true), BlsParameters.R);
                if (!sk.IsZero)
                {
                    byte[] scalar = new byte[Size];
                    sk.TryWriteBytes(scalar.AsSpan(Size - sk.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
                    return new SecretKey(scalar);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikmZero);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>Reads a 32-byte big-endian scalar.</summary>
    /// <exception cref="BlsFormatException">Not 32 bytes, zero, or not below the group order r.</exception>
    public static SecretKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new BlsFormatException($"A BLS secret key is {Size} bytes, got {bytes.Length}.");
        }

        if (!IsValidScalar(bytes))
        {
            throw new BlsFormatException("The BLS secret key is zero or not below the group order r; it is not a valid key.");
        }

        return new SecretKey(bytes.ToArray());
    }

    /// <summary>The 32-byte big-endian scalar (a copy; the caller should zero it after use).</summary>
    public byte[] ToBytes() => Live().ToArray();

    /// <summary>SkToPk: [sk]G1, 48 bytes compressed (computed once).</summary>
    public PublicKey PublicKey => _publicKey ??= new PublicKey(G1Point.MultiplyConstantTime(G1.Generator, Live()));

    /// <summary>Sign of the POP ciphersuite: [sk]·hash_to_G2(message) with DST <see cref="Bls.SignatureDst"/>.</summary>
    public Signature Sign(ReadOnlySpan<byte> message) => SignWithDst(message, Bls.SignatureDstBytes);

    /// <summary>PopProve: a signature over this key's 48-byte public key with the POP tag <see cref="Bls.PopDst"/>.</summary>
    public Signature ProvePossession() => SignWithDst(PublicKey.ToBytes(), Bls.PopDstBytes);

    /// <summary>Zeroes the scalar; the key cannot be used afterwards.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_scalar);
        _disposed = true;
    }

    private bool _disposed;

    private byte[] Live() => _disposed ? throw new ObjectDisposedException(nameof(SecretKey)) : _scalar;

    private Signature SignWithDst(ReadOnlySpan<byte> message, byte[] dst)
    {
        G2Point h = HashToG2.Hash(message, dst);
        return new Signature(G2GlsMultiplication.MultiplyConstantTime(h, Live()));
    }

    /// <summary>0 &lt; k &lt; r, by a full-length borrow chain and OR (no early exit).</summary>
    private static bool IsValidScalar(ReadOnlySpan<byte> k)
    {
        byte[] r = BlsParameters.RBytes;
        int borrow = 0, any = 0;
        for (int i = Size - 1; i >= 0; i--)
        {
            int d = k[i] - r[i] - borrow;
            borrow = (d >> 8) & 1;
            any |= k[i];
        }

        return (borrow == 1) & (any != 0);
    }
}
