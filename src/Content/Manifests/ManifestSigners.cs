using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>The manifest signers: a bare node key (classical signature only).</summary>
internal static class ManifestSigners
{
    public static IManifestSigner From(INodeSigner owner) => new NodeKeySigner(owner);

    private sealed class NodeKeySigner(INodeSigner owner) : IManifestSigner
    {
        public ManifestSignature Sign(ReadOnlySpan<byte> data)
        {
            var signature = new byte[owner.SignatureSize];
            owner.Sign(data, signature);
            return new ManifestSignature(signature, ReadOnlyMemory<byte>.Empty);
        }
    }
}
