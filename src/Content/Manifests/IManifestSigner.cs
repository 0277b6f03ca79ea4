namespace Zhtp.Storage.Content.Manifests;

/// <summary>Signs manifest bytes as the owner: a bare node key, or a user identity (classical and post-quantum).</summary>
internal interface IManifestSigner
{
    /// <summary>Signs <paramref name="data"/> with every key the owner has.</summary>
    ManifestSignature Sign(ReadOnlySpan<byte> data);
}
