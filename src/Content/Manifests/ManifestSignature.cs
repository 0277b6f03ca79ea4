namespace Zhtp.Storage.Content.Manifests;

/// <summary>The manifest's signature block: the owner's classical signature and, for identities that have one, the ML-DSA-65 signature (empty otherwise).</summary>
internal sealed record ManifestSignature(ReadOnlyMemory<byte> Classical, ReadOnlyMemory<byte> PostQuantum);
