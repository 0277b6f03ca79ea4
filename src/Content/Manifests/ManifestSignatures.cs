using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>Checks a manifest's signature block against the owner it names (docs/content.md, "Manifest").</summary>
internal static class ManifestSignatures
{
    /// <summary>
    /// A bare node-key owner: the classical signature verifies under the owner key with <paramref name="verifier"/> and
    /// there is no post-quantum signature. Throws <see cref="ManifestFormatException"/> otherwise.
    /// </summary>
    public static void Verify(Manifest manifest, byte[] signedBytes, ManifestSignature signature, ISignatureVerifier verifier)
    {
        if (manifest.OwnerIdentity.Length > 0)
        {
            throw new ManifestFormatException($"The manifest of content {manifest.Id} version {manifest.Version} is signed by a user identity, which this build cannot verify; it is rejected.");
        }

        if (signature.PostQuantum.Length > 0 || !verifier.Verify(manifest.Owner.Span, signedBytes, signature.Classical.Span))
        {
            throw new ManifestFormatException($"The manifest of content {manifest.Id} version {manifest.Version} is not signed by the owner key it names; it is forged or corrupted.");
        }
    }
}
