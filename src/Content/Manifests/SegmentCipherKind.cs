namespace Zhtp.Storage.Content.Manifests;

/// <summary>How segments are sealed (follows from the manifest's encryption level, field 7).</summary>
internal enum SegmentCipherKind : byte
{
    /// <summary>Not encrypted; integrity from the shard hashes and the signed manifest.</summary>
    None = 0,

    /// <summary>AES-256-GCM, nonce = version (u32 BE) || segment index (u64 BE), AD = content id || version || index.</summary>
    Aes256Gcm = 1,
}
