using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>Signing and never-throwing verification over a BouncyCastle <see cref="ISigner"/> (Ed25519, ML-DSA, SLH-DSA).</summary>
internal static class BouncyCastleSignatures
{
    /// <summary>Hedged where the scheme is: the signer gets <see cref="PostQuantumBackend.Random"/>.</summary>
    public static void Sign(ISigner signer, AsymmetricKeyParameter privateKey, bool withRandom, ReadOnlySpan<byte> data, Span<byte> signature, int size)
    {
        SigningKeys.CheckSignatureSpan(signature, size);
        signer.Init(true, withRandom ? new ParametersWithRandom(privateKey, PostQuantumBackend.Random) : privateKey);
        signer.BlockUpdate(data);
        signer.GenerateSignature().CopyTo(signature);
    }

    /// <summary>False when <paramref name="publicKey"/> cannot be decoded (BouncyCastle's ArgumentException) or the signature does not verify.</summary>
    public static bool Verify(ISigner verifier, Func<AsymmetricKeyParameter> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            verifier.Init(false, publicKey());
            verifier.BlockUpdate(data);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
