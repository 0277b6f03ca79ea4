namespace Zhtp.Storage.Dht;

/// <summary>Conveniences over <see cref="INodeSigner"/>.</summary>
public static class NodeSignerExtensions
{
    /// <summary>Signs <paramref name="data"/> into a new array of <see cref="INodeSigner.SignatureSize"/> bytes (for messages that keep their signature; hot paths sign into a span).</summary>
    public static byte[] Sign(this INodeSigner signer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(signer);
        byte[] signature = new byte[signer.SignatureSize];
        signer.Sign(data, signature);
        return signature;
    }
}
