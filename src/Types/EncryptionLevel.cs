namespace Zhtp.Storage.Types;

/// <summary>How content is encrypted before it is erasure-coded and spread over the DHT.</summary>
public enum EncryptionLevel
{
    /// <summary>No encryption: public content, readable by any holder of its shards.</summary>
    None = 0,

    /// <summary>AES-256-GCM with a per-content key wrapped for each reader with ECDH + HKDF.</summary>
    Standard = 1,

    /// <summary>As <see cref="Standard"/>, with key wrapping that combines classical ECDH and ML-KEM-768.</summary>
    QuantumResistant = 2,
}
