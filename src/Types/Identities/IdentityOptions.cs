using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Identities;

/// <summary>What <see cref="ZhtpIdentity.Create"/> generates.</summary>
public sealed record IdentityOptions
{
    /// <summary>The keys the identity holds; default <see cref="IdentityKind.Hybrid"/>.</summary>
    public IdentityKind Kind { get; init; } = IdentityKind.Hybrid;

    /// <summary>The classical signing algorithm (EcdsaP256 or Ed25519) for Classical and Hybrid identities.</summary>
    public SignatureAlgorithm ClassicalSigning { get; init; } = SignatureAlgorithm.Ed25519;

    /// <summary>The classical agreement algorithm (EcdhP256 or X25519) for Classical and Hybrid identities.</summary>
    public KeyAgreementAlgorithm ClassicalAgreement { get; init; } = KeyAgreementAlgorithm.X25519;

    /// <summary>
    /// Also generate a long-lived SLH-DSA-SHA2-128s root key that signs the public identity
    /// document (<see cref="PublicIdentity.RootSignature"/>). Signing with it takes a fraction of a second.
    /// </summary>
    public bool WithRootKey { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that is not usable.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentException($"IdentityOptions.Kind: {(byte)Kind} is not an identity kind; use Classical, PostQuantum or Hybrid.", nameof(Kind));
        }

        if (Kind != IdentityKind.PostQuantum)
        {
            if (ClassicalSigning is not (SignatureAlgorithm.EcdsaP256 or SignatureAlgorithm.Ed25519))
            {
                throw new ArgumentException($"IdentityOptions.ClassicalSigning: {ClassicalSigning} is not a classical signature algorithm; use EcdsaP256 or Ed25519.", nameof(ClassicalSigning));
            }

            if (ClassicalAgreement is not (KeyAgreementAlgorithm.EcdhP256 or KeyAgreementAlgorithm.X25519))
            {
                throw new ArgumentException($"IdentityOptions.ClassicalAgreement: {ClassicalAgreement} is not a key-agreement algorithm; use EcdhP256 or X25519.", nameof(ClassicalAgreement));
            }
        }
    }
}
