using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>An ML-KEM-768 decapsulation key on BouncyCastle.</summary>
internal sealed class BouncyCastleMLKemKey : IKemKey
{
    private readonly MLKemPrivateKeyParameters _key;
    private readonly byte[]? _seed;
    private readonly byte[] _encapsulationKey;

    public BouncyCastleMLKemKey(MLKemPrivateKeyParameters key, byte[]? seed)
    {
        _key = key;
        _seed = seed;
        _encapsulationKey = key.GetPublicKeyEncoded();
    }

    public ReadOnlyMemory<byte> EncapsulationKey => _encapsulationKey;

    public static BouncyCastleMLKemKey FromSeed(ReadOnlySpan<byte> seed)
    {
        byte[] copy = seed.ToArray();
        return new(MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, copy), copy);
    }

    public void Decapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        MLKem768.CheckLengths(ciphertext, sharedSecret);
        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(_key);
        decapsulator.Decapsulate(ciphertext, sharedSecret[..MLKem768.SharedSecretSize]);
    }

    public byte[] ExportSeed() => _seed is null
        ? throw new InvalidOperationException("This ML-KEM-768 key was imported from its expanded decapsulation key and has no seed to export.")
        : (byte[])_seed.Clone();

    /// <summary>Test hook: the expanded 2400-byte decapsulation key.</summary>
    internal byte[] ExportDecapsulationKey() => _key.WithPreferredFormat(MLKemPrivateKeyParameters.Format.EncodingOnly).GetEncoded();

    public void Dispose()
    {
        if (_seed is not null)
        {
            CryptographicOperations.ZeroMemory(_seed);
        }
    }
}
