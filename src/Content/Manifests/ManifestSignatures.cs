using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>Checks a manifest's signature block against the owner it names (docs/content.md, "Manifest").</summary>
internal static class ManifestSignatures
{
    /// <summary>
    /// A user-identity owner (field 14): the identity decodes, its signing key is the manifest's owner key, and
    /// every signature it has verifies (Hybrid: classical and ML-DSA-65; QuantumResistant content needs a
    /// Hybrid owner). A bare node-key owner: the classical signature verifies under the owner key with
    /// <paramref name="verifier"/> and there is no post-quantum signature. Throws <see cref="ManifestFormatException"/> otherwise.
    /// </summary>
    public static void Verify(Manifest manifest, byte[] signedBytes, ManifestSignature signature, ISignatureVerifier verifier)
    {
        string what = $"The manifest of content {manifest.Id} version {manifest.Version}";
        if (manifest.OwnerIdentity.Length == 0)
        {
            if (signature.PostQuantum.Length > 0 || !verifier.Verify(manifest.Owner.Span, signedBytes, signature.Classical.Span))
            {
                throw new ManifestFormatException($"{what} is not signed by the owner key it names; it is forged or corrupted.");
            }

            return;
        }

        PublicIdentity owner = DecodeIdentity(manifest.OwnerIdentity, "owner identity");
        bool classical = !owner.ClassicalSigningKey.IsEmpty;
        ReadOnlyMemory<byte> recordKey = classical ? owner.ClassicalSigningKey : owner.PostQuantumSigningKey;
        SignatureAlgorithm recordAlgorithm = classical ? owner.ClassicalSigningAlgorithm : SignatureAlgorithm.MLDsa65;
        if (!recordKey.Span.SequenceEqual(manifest.Owner.Span) || (byte)recordAlgorithm != manifest.OwnerAlgorithm)
        {
            throw new ManifestFormatException($"{what} names owner identity {owner.Id}, whose signing key is not the manifest's owner key; it is forged.");
        }

        if (manifest.Encryption == EncryptionLevel.QuantumResistant && owner.Kind != IdentityKind.Hybrid)
        {
            throw new ManifestFormatException($"{what} is QuantumResistant but its owner identity {owner.Id} is {owner.Kind}, not Hybrid; it is rejected.");
        }

        if (!owner.Verify(signedBytes, new IdentitySignature(signature.Classical, signature.PostQuantum)))
        {
            string missing = (owner.Kind, signature.Classical.IsEmpty, signature.PostQuantum.IsEmpty) switch
            {
                (IdentityKind.Hybrid, false, true) => "its ML-DSA-65 signature is missing",
                (IdentityKind.Hybrid, true, false) => "its classical signature is missing",
                _ => "a signature does not verify",
            };
            throw new ManifestFormatException($"{what} is not validly signed by owner identity {owner.Id} ({owner.Kind}): {missing}. It is forged, stripped or corrupted.");
        }
    }

    /// <summary>Decodes an encoded public identity held in a manifest.</summary>
    public static PublicIdentity DecodeIdentity(ReadOnlyMemory<byte> encoded, string what)
    {
        try
        {
            return PublicIdentity.Decode(encoded.Span);
        }
        catch (IdentityFormatException e)
        {
            throw new ManifestFormatException($"Malformed manifest: the {what} is not a valid identity document: {e.Message}", e);
        }
    }
}
