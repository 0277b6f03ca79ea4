using System.Buffers;
using System.Buffers.Binary;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// The public part of a <see cref="ZhtpIdentity"/> (the <c>identity.pub</c> file, docs/security.md
/// "Identity files"). Keys absent for the identity's <see cref="Kind"/> are empty. Obtain one from
/// <see cref="ZhtpIdentity.Public"/> or <see cref="Decode"/>, which checks every field, recomputes
/// the <see cref="Id"/> and verifies the root signature.
/// </summary>
public sealed record PublicIdentity
{
    /// <summary>The first element of an encoded identity document.</summary>
    internal const string Magic = "zhtp-identity";

    /// <summary>The format this library writes and reads.</summary>
    internal const int FormatVersion = 1;

    private static readonly byte[] IdDomain = "zhtp-identity-id-v1"u8.ToArray();
    private static readonly byte[] RootDomain = "zhtp-identity-root-v1"u8.ToArray();

    internal PublicIdentity(
        IdentityKind kind,
        SignatureAlgorithm classicalSigningAlgorithm,
        ReadOnlyMemory<byte> classicalSigningKey,
        KeyAgreementAlgorithm agreementAlgorithm,
        ReadOnlyMemory<byte> agreementKey,
        ReadOnlyMemory<byte> postQuantumSigningKey,
        ReadOnlyMemory<byte> kemKey,
        ReadOnlyMemory<byte> rootKey,
        ReadOnlyMemory<byte> rootSignature)
    {
        Kind = kind;
        ClassicalSigningAlgorithm = classicalSigningAlgorithm;
        ClassicalSigningKey = classicalSigningKey;
        AgreementAlgorithm = agreementAlgorithm;
        AgreementKey = agreementKey;
        PostQuantumSigningKey = postQuantumSigningKey;
        KemKey = kemKey;
        RootKey = rootKey;
        RootSignature = rootSignature;
        Id = ComputeId();
    }

    /// <summary>BLAKE3 over the canonical encoding of all public keys (root key included).</summary>
    public IdentityId Id { get; }

    /// <summary>Which keys the identity has.</summary>
    public IdentityKind Kind { get; }

    /// <summary>EcdsaP256 or Ed25519 (Classical and Hybrid), <see cref="SignatureAlgorithm.None"/> for PostQuantum.</summary>
    public SignatureAlgorithm ClassicalSigningAlgorithm { get; }

    /// <summary>The classical signing public key, or empty.</summary>
    public ReadOnlyMemory<byte> ClassicalSigningKey { get; }

    /// <summary>EcdhP256 or X25519 (Classical and Hybrid), <see cref="KeyAgreementAlgorithm.None"/> for PostQuantum.</summary>
    public KeyAgreementAlgorithm AgreementAlgorithm { get; }

    /// <summary>The classical key-agreement public key, or empty.</summary>
    public ReadOnlyMemory<byte> AgreementKey { get; }

    /// <summary>The ML-DSA-65 public key (1952 B; PostQuantum and Hybrid), or empty.</summary>
    public ReadOnlyMemory<byte> PostQuantumSigningKey { get; }

    /// <summary>The ML-KEM-768 encapsulation key (1184 B; PostQuantum and Hybrid), or empty.</summary>
    public ReadOnlyMemory<byte> KemKey { get; }

    /// <summary>The SLH-DSA-SHA2-128s root public key (32 B), or empty when the identity has no root key.</summary>
    public ReadOnlyMemory<byte> RootKey { get; }

    /// <summary>The root key's signature (7856 B) over <c>"zhtp-identity-root-v1" || Id</c>, or empty.</summary>
    public ReadOnlyMemory<byte> RootSignature { get; }

    /// <summary>True when a post-quantum key can be wrapped to: the identity has an ML-KEM-768 key.</summary>
    public bool HasKemKey => !KemKey.IsEmpty;

    /// <summary>
    /// True when <paramref name="signature"/> signs <paramref name="data"/> with every key the identity
    /// has: Classical needs the classical signature, PostQuantum the ML-DSA-65 one, Hybrid both. A
    /// missing, altered or extra signature fails. Never throws.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, IdentitySignature signature)
    {
        if (signature is null)
        {
            return false;
        }

        bool wantsClassical = Kind is IdentityKind.Classical or IdentityKind.Hybrid;
        bool wantsPostQuantum = Kind is IdentityKind.PostQuantum or IdentityKind.Hybrid;
        if (wantsClassical != !signature.Classical.IsEmpty || wantsPostQuantum != !signature.PostQuantum.IsEmpty)
        {
            return false;
        }

        return (!wantsClassical || SigningKeys.Verify(ClassicalSigningAlgorithm, ClassicalSigningKey.Span, data, signature.Classical.Span))
            && (!wantsPostQuantum || SigningKeys.Verify(SignatureAlgorithm.MLDsa65, PostQuantumSigningKey.Span, data, signature.PostQuantum.Span));
    }

    /// <summary>
    /// The <c>identity.pub</c> document: MessagePack <c>["zhtp-identity", 1, kind, id, classical signing
    /// algorithm, key, agreement algorithm, key, ML-DSA-65 key, ML-KEM-768 key, root key, root signature]</c>.
    /// </summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(512 + PostQuantumSigningKey.Length + KemKey.Length + RootSignature.Length);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(12);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((byte)Kind);
        Span<byte> id = stackalloc byte[Hash256.Size];
        Id.Value.WriteTo(id);
        writer.Write(id);
        writer.Write((byte)ClassicalSigningAlgorithm);
        writer.Write(ClassicalSigningKey.Span);
        writer.Write((byte)AgreementAlgorithm);
        writer.Write(AgreementKey.Span);
        writer.Write(PostQuantumSigningKey.Span);
        writer.Write(KemKey.Span);
        writer.Write(RootKey.Span);
        writer.Write(RootSignature.Span);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads an <c>identity.pub</c> document, checking every key size against the kind, the id against the keys, and the root signature.</summary>
    /// <exception cref="IdentityFormatException">The document is malformed, forged or of another format version; the message says which.</exception>
    public static PublicIdentity Decode(ReadOnlySpan<byte> encoded)
    {
        PublicIdentity identity;
        byte[] storedId;
        try
        {
            var reader = new MessagePackReader(encoded);
            if (reader.ReadArrayHeader() != 12 || reader.ReadString() != Magic)
            {
                throw new IdentityFormatException("Not a zhtp identity document (expected the 12-element array [\"zhtp-identity\", 1, ...]).");
            }

            int format = reader.ReadInt32();
            if (format != FormatVersion)
            {
                throw new IdentityFormatException($"Identity format {format} is not supported (this library reads format {FormatVersion}); upgrade Zhtp.Storage.");
            }

            var kind = (IdentityKind)reader.ReadByte();
            storedId = IdentityReading.Bin(ref reader, Hash256.Size, "id");
            var signing = (SignatureAlgorithm)reader.ReadByte();
            byte[] signingKey = IdentityReading.Bin(ref reader, 128, "classical signing key");
            var agreement = (KeyAgreementAlgorithm)reader.ReadByte();
            byte[] agreementKey = IdentityReading.Bin(ref reader, 128, "agreement key");
            byte[] postQuantum = IdentityReading.Bin(ref reader, MLDsa65Sizes.PublicKeyBytes, "ML-DSA-65 key");
            byte[] kem = IdentityReading.Bin(ref reader, MLKem768.EncapsulationKeySize, "ML-KEM-768 key");
            byte[] root = IdentityReading.Bin(ref reader, 64, "root key");
            byte[] rootSignature = IdentityReading.Bin(ref reader, 16 * 1024, "root signature");
            if (!reader.End)
            {
                throw new IdentityFormatException("Trailing bytes after the identity document.");
            }

            CheckShape(kind, signing, signingKey, agreement, agreementKey, postQuantum, kem, root, rootSignature);
            identity = new PublicIdentity(kind, signing, signingKey, agreement, agreementKey, postQuantum, kem, root, rootSignature);
        }
        catch (Exception e) when (IdentityReading.IsDecodeError(e))
        {
            throw new IdentityFormatException($"Malformed identity document: {e.Message}", e);
        }

        if (storedId.Length != Hash256.Size || new Hash256(storedId) != identity.Id.Value)
        {
            throw new IdentityFormatException($"The identity document names id {Convert.ToHexStringLower(storedId)} but its keys hash to {identity.Id}; it was altered.");
        }

        if (!identity.RootKey.IsEmpty && !identity.VerifyRootSignature())
        {
            throw new IdentityFormatException($"The root signature of identity {identity.Id} does not verify under its root key; the document is forged or damaged.");
        }

        return identity;
    }

    /// <inheritdoc />
    public bool Equals(PublicIdentity? other) =>
        other is not null && Id == other.Id && RootSignature.Span.SequenceEqual(other.RootSignature.Span);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>The bytes the root key signs: <c>"zhtp-identity-root-v1" || Id</c> (the id binds every public key, the root key included).</summary>
    internal static byte[] RootSignedBytes(IdentityId id)
    {
        var bytes = new byte[RootDomain.Length + Hash256.Size];
        RootDomain.CopyTo(bytes, 0);
        id.Value.WriteTo(bytes.AsSpan(RootDomain.Length));
        return bytes;
    }

    /// <summary>A copy carrying <paramref name="rootSignature"/> (the id does not change: it covers the root key, not its signature).</summary>
    internal PublicIdentity WithRootSignature(ReadOnlyMemory<byte> rootSignature) =>
        new(Kind, ClassicalSigningAlgorithm, ClassicalSigningKey, AgreementAlgorithm, AgreementKey, PostQuantumSigningKey, KemKey, RootKey, rootSignature);

    internal bool VerifyRootSignature() =>
        SigningKeys.Verify(SignatureAlgorithm.SlhDsaSha2_128s, RootKey.Span, RootSignedBytes(Id), RootSignature.Span);

    private static void CheckShape(
        IdentityKind kind,
        SignatureAlgorithm signing,
        byte[] signingKey,
        KeyAgreementAlgorithm agreement,
        byte[] agreementKey,
        byte[] postQuantum,
        byte[] kem,
        byte[] root,
        byte[] rootSignature)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new IdentityFormatException($"Unknown identity kind {(byte)kind}.");
        }

        bool classical = kind is IdentityKind.Classical or IdentityKind.Hybrid;
        bool pq = kind is IdentityKind.PostQuantum or IdentityKind.Hybrid;
        if (classical)
        {
            if (signing is not (SignatureAlgorithm.EcdsaP256 or SignatureAlgorithm.Ed25519) || signingKey.Length != SigningKeys.PublicKeySize(signing))
            {
                throw new IdentityFormatException($"A {kind} identity needs an EcdsaP256 or Ed25519 signing key of the algorithm's size; found algorithm {(byte)signing} with {signingKey.Length} bytes.");
            }

            if (agreement is not (KeyAgreementAlgorithm.EcdhP256 or KeyAgreementAlgorithm.X25519) || agreementKey.Length != KeyAgreementKeys.PublicKeySize(agreement))
            {
                throw new IdentityFormatException($"A {kind} identity needs an EcdhP256 or X25519 agreement key of the algorithm's size; found algorithm {(byte)agreement} with {agreementKey.Length} bytes.");
            }
        }
        else if (signing != SignatureAlgorithm.None || signingKey.Length != 0 || agreement != KeyAgreementAlgorithm.None || agreementKey.Length != 0)
        {
            throw new IdentityFormatException("A PostQuantum identity carries no classical keys.");
        }

        if (pq != (postQuantum.Length == MLDsa65Sizes.PublicKeyBytes) || pq != (kem.Length == MLKem768.EncapsulationKeySize)
            || (!pq && (postQuantum.Length != 0 || kem.Length != 0)))
        {
            throw new IdentityFormatException($"A {kind} identity {(pq ? "needs" : "carries no")} ML-DSA-65 (1952 B) and ML-KEM-768 (1184 B) keys; found {postQuantum.Length} and {kem.Length} bytes.");
        }

        bool hasRoot = root.Length != 0;
        if ((hasRoot && (root.Length != SigningKeys.PublicKeySize(SignatureAlgorithm.SlhDsaSha2_128s) || rootSignature.Length != SigningKeys.SignatureSize(SignatureAlgorithm.SlhDsaSha2_128s)))
            || (!hasRoot && rootSignature.Length != 0))
        {
            throw new IdentityFormatException($"A root key is 32 bytes with a 7856-byte signature, or both are absent; found {root.Length} and {rootSignature.Length} bytes.");
        }
    }

    private IdentityId ComputeId()
    {
        int length = IdDomain.Length + 3 + (5 * 2) + ClassicalSigningKey.Length + AgreementKey.Length + PostQuantumSigningKey.Length + KemKey.Length + RootKey.Length;
        byte[] canonical = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> span = canonical.AsSpan(0, length);
            IdDomain.CopyTo(span);
            int at = IdDomain.Length;
            span[at++] = (byte)Kind;
            span[at++] = (byte)ClassicalSigningAlgorithm;
            at = Put(span, at, ClassicalSigningKey.Span);
            span[at++] = (byte)AgreementAlgorithm;
            at = Put(span, at, AgreementKey.Span);
            at = Put(span, at, PostQuantumSigningKey.Span);
            at = Put(span, at, KemKey.Span);
            Put(span, at, RootKey.Span);
            return new IdentityId(Blake3Hashing.Compute(span));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(canonical);
        }

        static int Put(Span<byte> span, int at, ReadOnlySpan<byte> key)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)key.Length);
            key.CopyTo(span[(at + 2)..]);
            return at + 2 + key.Length;
        }
    }
}
