namespace Zhtp.Storage.Types;

/// <summary>How content is encrypted before it is erasure-coded and spread over the DHT (docs/security.md, "Encryption levels").</summary>
public enum EncryptionLevel
{
    /// <summary>No encryption: public content, readable by any holder of its shards; integrity only (owner-signed manifest, BLAKE3).</summary>
    None = 0,

    /// <summary>AES-256-GCM with a per-version content key wrapped for each reader with ECDH + HKDF.</summary>
    Standard = 1,

    /// <summary>As <see cref="HighSecurity"/> (metadata encrypted too), with key wrapping that combines classical ECDH and ML-KEM-768 and a classical plus ML-DSA-65 manifest signature.</summary>
    QuantumResistant = 2,

    /// <summary>As <see cref="Standard"/>, and the manifest's filename, content type, tags and description are encrypted under the content key: holders see sizes and hashes only.</summary>
    HighSecurity = 3,
}
