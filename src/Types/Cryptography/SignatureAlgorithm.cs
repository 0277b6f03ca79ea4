namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// A signature algorithm of the cryptography seam. The byte values are wire ids (1 is the DHT's
/// ECDSA P-256 node signer id); 0 means "no algorithm" where a key is absent.
/// </summary>
public enum SignatureAlgorithm : byte
{
    /// <summary>No algorithm (the key is absent).</summary>
    None = 0,

    /// <summary>ECDSA over NIST P-256 with SHA-256: public key 65 B (0x04 || X || Y), signature 64 B (r || s), private key the 32-B scalar.</summary>
    EcdsaP256 = 1,

    /// <summary>Ed25519 (RFC 8032, pure): public key 32 B, signature 64 B, private key the 32-B seed.</summary>
    Ed25519 = 2,

    /// <summary>ML-DSA-65 (FIPS 204), pure with an empty context, hedged signing: public key 1952 B, signature 3309 B, private key the 32-B seed ξ.</summary>
    MLDsa65 = 3,

    /// <summary>SLH-DSA-SHA2-128s (FIPS 205), pure with an empty context: public key 32 B, signature 7856 B, private key 64 B. Slow (~0.1 s or more per signature): for identity root keys only.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "The FIPS 205 parameter-set name, spelled as .NET's SlhDsaAlgorithm.SlhDsaSha2_128s.")]
    SlhDsaSha2_128s = 4,
}
