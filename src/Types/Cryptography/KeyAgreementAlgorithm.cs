namespace Zhtp.Storage.Types.Cryptography;

/// <summary>A key-agreement algorithm of the cryptography seam; the byte values are wire ids, 0 means "no key".</summary>
public enum KeyAgreementAlgorithm : byte
{
    /// <summary>No algorithm (the key is absent).</summary>
    None = 0,

    /// <summary>ECDH over NIST P-256: public key 65 B (0x04 || X || Y), shared secret the 32-B x-coordinate, private key the 32-B scalar.</summary>
    EcdhP256 = 1,

    /// <summary>X25519 (RFC 7748): public key 32 B, shared secret 32 B, private key 32 B.</summary>
    X25519 = 2,
}
