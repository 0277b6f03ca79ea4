namespace Zhtp.Storage.Economic.Audits;

/// <summary>Which key signed an <see cref="AuditResponse"/> (the first field of its wire form; absent in the v1 node-key form).</summary>
public enum AuditSignatureKind
{
    /// <summary>The host's node key (ECDSA); verified alone with <see cref="AuditResponse.VerifySignature"/>.</summary>
    NodeKey = 1,

    /// <summary>The host's BLS holder key (96-byte signature); verified with <see cref="AuditResponse.VerifyBls"/> and aggregable per period.</summary>
    Bls = 2,
}
