using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>An ML-KEM-768 decapsulation key on the platform's <see cref="MLKem"/> (OpenSSL 3.5+ / CNG).</summary>
internal sealed class PlatformMLKemKey : IKemKey
{
    private readonly MLKem _key;
    private readonly byte[] _encapsulationKey;

    public PlatformMLKemKey(MLKem key)
    {
        _key = key;
        _encapsulationKey = key.ExportEncapsulationKey();
    }

    public ReadOnlyMemory<byte> EncapsulationKey => _encapsulationKey;

    public void Decapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        MLKem768.CheckLengths(ciphertext, sharedSecret);
        _key.Decapsulate(ciphertext, sharedSecret[..MLKem768.SharedSecretSize]);
    }

    public byte[] ExportSeed() => _key.ExportPrivateSeed();

    /// <summary>Test hook: the expanded 2400-byte decapsulation key.</summary>
    internal byte[] ExportDecapsulationKey() => _key.ExportDecapsulationKey();

    public void Dispose() => _key.Dispose();
}
