using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// A user identity (separate from node identities): its private keys and its
/// <see cref="PublicIdentity"/>. Classical identities hold a classical signing and agreement key,
/// PostQuantum ones ML-DSA-65 and ML-KEM-768, Hybrid ones all four; any may add an SLH-DSA root
/// key that signed the public document. Dispose to release the keys.
/// </summary>
public sealed class ZhtpIdentity : IDisposable
{
    private readonly ISigningKey? _rootKey;
    private bool _disposed;

    private ZhtpIdentity(
        IdentityKind kind,
        ISigningKey? classicalSigningKey,
        IKeyAgreementKey? agreementKey,
        ISigningKey? postQuantumSigningKey,
        IKemKey? kemKey,
        ISigningKey? rootKey,
        PublicIdentity? signedPublic)
    {
        Kind = kind;
        ClassicalSigningKey = classicalSigningKey;
        AgreementKey = agreementKey;
        PostQuantumSigningKey = postQuantumSigningKey;
        KemKey = kemKey;
        _rootKey = rootKey;
        var unsigned = new PublicIdentity(
            kind,
            classicalSigningKey?.Algorithm ?? SignatureAlgorithm.None,
            classicalSigningKey?.PublicKey ?? ReadOnlyMemory<byte>.Empty,
            agreementKey?.Algorithm ?? KeyAgreementAlgorithm.None,
            agreementKey?.PublicKey ?? ReadOnlyMemory<byte>.Empty,
            postQuantumSigningKey?.PublicKey ?? ReadOnlyMemory<byte>.Empty,
            kemKey?.EncapsulationKey ?? ReadOnlyMemory<byte>.Empty,
            rootKey?.PublicKey ?? ReadOnlyMemory<byte>.Empty,
            ReadOnlyMemory<byte>.Empty);
        if (signedPublic is not null && signedPublic.Id != unsigned.Id)
        {
            throw new SealedDataFormatException($"The private keys of the identity file do not match its public document (keys hash to {unsigned.Id}, the document says {signedPublic.Id}).");
        }

        Public = signedPublic ?? (rootKey is null ? unsigned : unsigned.WithRootSignature(SignRoot(rootKey, unsigned.Id)));
    }

    /// <summary>The identity id (BLAKE3 of the public keys).</summary>
    public IdentityId Id => Public.Id;

    /// <summary>Which keys the identity holds.</summary>
    public IdentityKind Kind { get; }

    /// <summary>The public part, to publish or save as <c>identity.pub</c>.</summary>
    public PublicIdentity Public { get; }

    /// <summary>The ECDSA P-256 or Ed25519 key (Classical, Hybrid), else null.</summary>
    public ISigningKey? ClassicalSigningKey { get; }

    /// <summary>The ML-DSA-65 key (PostQuantum, Hybrid), else null.</summary>
    public ISigningKey? PostQuantumSigningKey { get; }

    /// <summary>The ECDH P-256 or X25519 key (Classical, Hybrid), else null.</summary>
    public IKeyAgreementKey? AgreementKey { get; }

    /// <summary>The ML-KEM-768 decapsulation key (PostQuantum, Hybrid), else null.</summary>
    public IKemKey? KemKey { get; }

    /// <summary>True when the identity has an SLH-DSA root key (its public document carries the root signature).</summary>
    public bool HasRootKey => _rootKey is not null;

    /// <summary>Generates a new identity.</summary>
    /// <exception cref="ArgumentException">An option names an unusable algorithm or kind; the message names the field.</exception>
    public static ZhtpIdentity Create(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        bool classical = options.Kind is IdentityKind.Classical or IdentityKind.Hybrid;
        bool pq = options.Kind is IdentityKind.PostQuantum or IdentityKind.Hybrid;
        return new ZhtpIdentity(
            options.Kind,
            classical ? SigningKeys.Generate(options.ClassicalSigning) : null,
            classical ? KeyAgreementKeys.Generate(options.ClassicalAgreement) : null,
            pq ? SigningKeys.Generate(SignatureAlgorithm.MLDsa65) : null,
            pq ? MLKem768.Generate() : null,
            options.WithRootKey ? SigningKeys.Generate(SignatureAlgorithm.SlhDsaSha2_128s) : null,
            signedPublic: null);
    }

    /// <summary>
    /// The <c>identity.key</c> file: the private keys and the public document, sealed under
    /// <paramref name="passphrase"/> with Argon2id <paramref name="parameters"/> (docs/security.md, "Identity files").
    /// </summary>
    /// <exception cref="ArgumentException">The passphrase is empty or the parameters are below the floor (the message names the field).</exception>
    public byte[] ExportSealed(string passphrase, Argon2idParameters parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return IdentityKeyFile.Seal(Public, ClassicalSigningKey, AgreementKey, PostQuantumSigningKey, KemKey, _rootKey, passphrase, parameters);
    }

    /// <summary>Restores an identity from <see cref="ExportSealed"/>'s output.</summary>
    /// <exception cref="WrongPassphraseException">The passphrase is wrong (after the full Argon2id cost).</exception>
    /// <exception cref="SealedDataFormatException">The file is damaged, altered, claims parameters below the floor, or its keys do not match its public document.</exception>
    public static ZhtpIdentity ImportSealed(ReadOnlySpan<byte> data, string passphrase)
    {
        (PublicIdentity pub, byte[][] secrets) = IdentityKeyFile.Open(data, passphrase);
        var keys = new List<IDisposable>();
        try
        {
            ISigningKey? classical = Import(secrets[0], s => SigningKeys.Import(pub.ClassicalSigningAlgorithm, s), keys);
            IKeyAgreementKey? agreement = Import(secrets[1], s => KeyAgreementKeys.Import(pub.AgreementAlgorithm, s), keys);
            ISigningKey? postQuantum = Import(secrets[2], s => SigningKeys.Import(SignatureAlgorithm.MLDsa65, s), keys);
            IKemKey? kem = Import(secrets[3], s => MLKem768.ImportSeed(s), keys);
            ISigningKey? root = Import(secrets[4], s => SigningKeys.Import(SignatureAlgorithm.SlhDsaSha2_128s, s), keys);
            return new ZhtpIdentity(pub.Kind, classical, agreement, postQuantum, kem, root, pub);
        }
        catch (Exception e) when (e is CryptographicException or SealedDataFormatException or ArgumentException)
        {
            foreach (IDisposable key in keys)
            {
                key.Dispose();
            }

            throw e as SealedDataFormatException ?? new SealedDataFormatException($"The identity key file holds an unusable private key: {e.Message}", e);
        }
        finally
        {
            foreach (byte[] secret in secrets)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <summary>Signs <paramref name="data"/> with every signing key of the identity (the root key excepted); check with <see cref="PublicIdentity.Verify"/>.</summary>
    public IdentitySignature Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new IdentitySignature(SignWith(ClassicalSigningKey, data), SignWith(PostQuantumSigningKey, data));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ClassicalSigningKey?.Dispose();
        AgreementKey?.Dispose();
        PostQuantumSigningKey?.Dispose();
        KemKey?.Dispose();
        _rootKey?.Dispose();
    }

    private static T? Import<T>(byte[] secret, Func<byte[], T> import, List<IDisposable> keys)
        where T : class, IDisposable
    {
        if (secret.Length == 0)
        {
            return null;
        }

        T key = import(secret);
        keys.Add(key);
        return key;
    }

    private static byte[] SignWith(ISigningKey? key, ReadOnlySpan<byte> data)
    {
        if (key is null)
        {
            return [];
        }

        var signature = new byte[key.SignatureSize];
        key.Sign(data, signature);
        return signature;
    }

    private static byte[] SignRoot(ISigningKey rootKey, IdentityId id) => SignWith(rootKey, PublicIdentity.RootSignedBytes(id));
}
