namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// A private signing key of one <see cref="SignatureAlgorithm"/>. Obtain one from
/// <see cref="SigningKeys.Generate"/> or <see cref="SigningKeys.Import"/>; verify with
/// <see cref="SigningKeys.Verify"/>. Encodings are listed on <see cref="SignatureAlgorithm"/>.
/// </summary>
public interface ISigningKey : IDisposable
{
    /// <summary>The algorithm of this key.</summary>
    SignatureAlgorithm Algorithm { get; }

    /// <summary>The encoded public key.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Bytes of every signature this key makes.</summary>
    int SignatureSize { get; }

    /// <summary>Signs <paramref name="data"/> into the first <see cref="SignatureSize"/> bytes of <paramref name="signature"/> (ArgumentException when shorter).</summary>
    void Sign(ReadOnlySpan<byte> data, Span<byte> signature);

    /// <summary>The private key in the encoding <see cref="SigningKeys.Import"/> reads; the caller owns (and should clear) the array.</summary>
    byte[] ExportPrivateKey();
}
