using System.Security.Cryptography;

namespace Zhtp.Storage.Economic;

/// <summary>Verifies <see cref="EcdsaP256Signer"/> signatures.</summary>
public sealed class EcdsaP256Verifier : ISignatureVerifier
{
    /// <summary>The shared instance (stateless).</summary>
    public static EcdsaP256Verifier Instance { get; } = new();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 65 || publicKey[0] != 4 || signature.Length != 64)
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey.Slice(1, 32).ToArray(), Y = publicKey.Slice(33, 32).ToArray() },
            });
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
