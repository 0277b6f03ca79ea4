using System.Text;
using Zhtp.Storage.S3.Keys;

namespace Zhtp.Storage.S3;

/// <summary>Access keys in a node's data directory, without a running gateway (what <c>zhtp s3 key create</c> calls).</summary>
public static class S3AccessKeys
{
    /// <summary>The gateway's folder in a data directory.</summary>
    public const string Folder = "s3";

    /// <summary>
    /// Creates an access key acting as a new identity, sealed under the node-local master key in
    /// <c>s3/keys</c> of <paramref name="dataDirectory"/> (docs/security.md "S3 access keys"). A gateway serving that
    /// directory finds it on first use; no restart is needed.
    /// </summary>
    /// <exception cref="ArgumentException">The directory is empty.</exception>
    /// <exception cref="IOException">The files cannot be written.</exception>
    public static S3AccessKey Create(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        using var store = new AccessKeyStore(Path.Combine(Path.GetFullPath(dataDirectory), Folder));
        AccessKeyEntry entry = store.Create();
        var key = new S3AccessKey(entry.AccessKeyId, Encoding.ASCII.GetString(entry.Secret), entry.Identity.Id.ToString());
        entry.Identity.Dispose();
        return key;
    }
}
