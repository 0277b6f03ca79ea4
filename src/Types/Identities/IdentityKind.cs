namespace Zhtp.Storage.Types.Identities;

/// <summary>Which keys a <see cref="ZhtpIdentity"/> holds; the byte values appear in identity files.</summary>
public enum IdentityKind : byte
{
    /// <summary>A classical signing key (ECDSA P-256 or Ed25519) and agreement key (ECDH P-256 or X25519).</summary>
    Classical = 1,

    /// <summary>ML-DSA-65 signing and ML-KEM-768 only (no classical keys).</summary>
    PostQuantum = 2,

    /// <summary>Both the classical and the post-quantum keys; every signature carries both, and both must verify.</summary>
    Hybrid = 3,
}
