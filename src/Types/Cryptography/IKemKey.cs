namespace Zhtp.Storage.Types.Cryptography;

/// <summary>An ML-KEM-768 decapsulation key (FIPS 203), from <see cref="MLKem768"/>.</summary>
public interface IKemKey : IDisposable
{
    /// <summary>The 1184-byte encapsulation (public) key.</summary>
    ReadOnlyMemory<byte> EncapsulationKey { get; }

    /// <summary>
    /// Decapsulates a 1088-byte <paramref name="ciphertext"/> into the 32-byte
    /// <paramref name="sharedSecret"/>. A modified ciphertext does not fail: ML-KEM's implicit
    /// rejection yields an unrelated secret, so authenticate what the secret protects.
    /// ArgumentException when a span has the wrong length.
    /// </summary>
    void Decapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret);

    /// <summary>The 64-byte seed d || z that <see cref="MLKem768.ImportSeed"/> reads; the caller owns (and should clear) the array.</summary>
    byte[] ExportSeed();
}
