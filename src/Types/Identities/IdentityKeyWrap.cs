using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// Wraps a secret (e.g. a content key) to an identity, ECIES-style (docs/security.md, "Key wrapping
/// and the hybrid combiner"). Classical: an ephemeral key of the recipient's agreement algorithm,
/// ECDH, HKDF-SHA256, AES-256-GCM. Quantum-resistant: to a Hybrid recipient, ECDH plus an
/// ML-KEM-768 encapsulation combined by <see cref="HybridSecret"/>; to a PostQuantum recipient,
/// ML-KEM-768 alone. The key derivation binds the mode, the recipient's id (hence all its keys),
/// the ephemeral key, the ML-KEM ciphertext and the caller's context.
/// </summary>
public static class IdentityKeyWrap
{
    /// <summary>The label (HKDF info) of every wrap.</summary>
    internal const string Label = "zhtp-key-wrap-v1";

    private const byte Version = 1;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private static readonly byte[] TranscriptDomain = "zhtp-key-wrap-v1"u8.ToArray();

    private enum Mode : byte
    {
        Classical = 1,
        Hybrid = 2,
        PostQuantum = 3,
    }

    /// <summary>
    /// Wraps <paramref name="secret"/> to <paramref name="recipient"/>; only the holder of its private
    /// keys can unwrap it, and only with the same <paramref name="context"/> (e.g. the content id).
    /// The result is <see cref="Overhead"/> bytes longer than the secret.
    /// </summary>
    /// <param name="recipient">The reader's public identity.</param>
    /// <param name="secret">The secret, 1 to 1024 bytes.</param>
    /// <param name="context">Bytes both sides know that this wrap is bound to; may be empty.</param>
    /// <param name="quantumResistant">Also encapsulate with ML-KEM-768 (Hybrid and PostQuantum recipients).</param>
    /// <exception cref="ArgumentException">The recipient has no key for the requested mode (classical wrap to a PostQuantum identity, quantum-resistant wrap to a Classical one), its key is invalid, or the secret is empty or over 1024 bytes.</exception>
    public static byte[] Wrap(PublicIdentity recipient, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> context, bool quantumResistant)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (secret.IsEmpty || secret.Length > 1024)
        {
            throw new ArgumentException($"A wrapped secret is 1 to 1024 bytes; got {secret.Length}.", nameof(secret));
        }

        Mode mode = ModeFor(recipient.Kind, quantumResistant);
        var wrapped = new byte[Overhead(recipient, quantumResistant) + secret.Length];
        wrapped[0] = Version;
        wrapped[1] = (byte)mode;
        int at = 2;
        Span<byte> ecdh = stackalloc byte[KeyAgreementKeys.SharedSecretSize];
        Span<byte> mlKem = stackalloc byte[MLKem768.SharedSecretSize];
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (mode is Mode.Classical or Mode.Hybrid)
            {
                using IKeyAgreementKey ephemeral = KeyAgreementKeys.Generate(recipient.AgreementAlgorithm);
                ephemeral.PublicKey.Span.CopyTo(wrapped.AsSpan(at));
                at += ephemeral.PublicKey.Length;
                if (!ephemeral.TryAgree(recipient.AgreementKey.Span, ecdh))
                {
                    throw new ArgumentException($"The agreement key of identity {recipient.Id} is not a valid {recipient.AgreementAlgorithm} key.", nameof(recipient));
                }
            }

            if (mode is Mode.Hybrid or Mode.PostQuantum)
            {
                if (!MLKem768.TryEncapsulate(recipient.KemKey.Span, wrapped.AsSpan(at, MLKem768.CiphertextSize), mlKem))
                {
                    throw new ArgumentException($"The ML-KEM-768 key of identity {recipient.Id} is not a valid encapsulation key.", nameof(recipient));
                }

                at += MLKem768.CiphertextSize;
            }

            DeriveKey(mode, recipient.Id, wrapped.AsSpan(0, at), context, mlKem, ecdh, key);
            using var aes = new AesGcm(key, TagSize);
            Span<byte> nonce = stackalloc byte[12];
            aes.Encrypt(nonce, secret, wrapped.AsSpan(at, secret.Length), wrapped.AsSpan(at + secret.Length, TagSize), wrapped.AsSpan(0, at));
            return wrapped;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ecdh);
            CryptographicOperations.ZeroMemory(mlKem);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Unwraps what <see cref="Wrap"/> made for <paramref name="recipient"/> into <paramref name="secret"/>,
    /// which must be exactly the wrapped secret's length (wrapped length minus <see cref="Overhead"/>).
    /// False, never an exception, for another recipient, another context, any altered byte, or a wrong length.
    /// </summary>
    public static bool TryUnwrap(ZhtpIdentity recipient, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context, Span<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (wrapped.Length < 2 || wrapped[0] != Version || wrapped[1] is < (byte)Mode.Classical or > (byte)Mode.PostQuantum)
        {
            return false;
        }

        var mode = (Mode)wrapped[1];
        bool usesEcdh = mode is Mode.Classical or Mode.Hybrid;
        bool usesKem = mode is Mode.Hybrid or Mode.PostQuantum;
        if ((usesEcdh && recipient.AgreementKey is null) || (usesKem && recipient.KemKey is null)
            || wrapped.Length != OverheadOf(recipient.Public, mode) + secret.Length || secret.IsEmpty)
        {
            return false;
        }

        Span<byte> ecdh = stackalloc byte[KeyAgreementKeys.SharedSecretSize];
        Span<byte> mlKem = stackalloc byte[MLKem768.SharedSecretSize];
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            int at = 2;
            if (usesEcdh)
            {
                int size = recipient.AgreementKey!.PublicKey.Length;
                if (!recipient.AgreementKey.TryAgree(wrapped.Slice(at, size), ecdh))
                {
                    return false;
                }

                at += size;
            }

            if (usesKem)
            {
                recipient.KemKey!.Decapsulate(wrapped.Slice(at, MLKem768.CiphertextSize), mlKem);
                at += MLKem768.CiphertextSize;
            }

            DeriveKey(mode, recipient.Id, wrapped[..at], context, mlKem, ecdh, key);
            using var aes = new AesGcm(key, TagSize);
            Span<byte> nonce = stackalloc byte[12];
            aes.Decrypt(nonce, wrapped.Slice(at, secret.Length), wrapped.Slice(at + secret.Length, TagSize), secret, wrapped[..at]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(secret);
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ecdh);
            CryptographicOperations.ZeroMemory(mlKem);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Bytes a wrap to <paramref name="recipient"/> adds to the secret: header, ephemeral key and/or ML-KEM ciphertext, GCM tag.</summary>
    /// <exception cref="ArgumentException">The recipient has no key for the requested mode.</exception>
    public static int Overhead(PublicIdentity recipient, bool quantumResistant)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return OverheadOf(recipient, ModeFor(recipient.Kind, quantumResistant));
    }

    private static int OverheadOf(PublicIdentity recipient, Mode mode) =>
        2 + TagSize
        + (mode is Mode.Classical or Mode.Hybrid ? KeyAgreementKeys.PublicKeySize(recipient.AgreementAlgorithm) : 0)
        + (mode is Mode.Hybrid or Mode.PostQuantum ? MLKem768.CiphertextSize : 0);

    private static Mode ModeFor(IdentityKind kind, bool quantumResistant) => (kind, quantumResistant) switch
    {
        (IdentityKind.Classical, false) or (IdentityKind.Hybrid, false) => Mode.Classical,
        (IdentityKind.Hybrid, true) => Mode.Hybrid,
        (IdentityKind.PostQuantum, true) => Mode.PostQuantum,
        (IdentityKind.Classical, true) => throw new ArgumentException("A quantum-resistant wrap needs a Hybrid or PostQuantum recipient; this identity is Classical (it has no ML-KEM-768 key)."),
        _ => throw new ArgumentException("A PostQuantum identity has no classical agreement key; wrap to it with quantumResistant: true."),
    };

    /// <summary>
    /// key = HKDF-SHA256(ikm, salt = SHA-256(transcript), info = <see cref="Label"/>), with
    /// transcript = "zhtp-key-wrap-v1" || recipient id || header (version, mode, ephemeral key,
    /// ML-KEM ciphertext) || context, and ikm = ML-KEM secret || ECDH secret (Hybrid, via
    /// <see cref="HybridSecret"/>), the ECDH secret (Classical) or the ML-KEM secret (PostQuantum).
    /// </summary>
    private static void DeriveKey(Mode mode, IdentityId recipient, ReadOnlySpan<byte> header, ReadOnlySpan<byte> context, ReadOnlySpan<byte> mlKem, ReadOnlySpan<byte> ecdh, Span<byte> key)
    {
        var transcript = new byte[TranscriptDomain.Length + Hash256.Size + header.Length + context.Length];
        TranscriptDomain.CopyTo(transcript, 0);
        recipient.Value.WriteTo(transcript.AsSpan(TranscriptDomain.Length));
        header.CopyTo(transcript.AsSpan(TranscriptDomain.Length + Hash256.Size));
        context.CopyTo(transcript.AsSpan(TranscriptDomain.Length + Hash256.Size + header.Length));
        switch (mode)
        {
            case Mode.Hybrid:
                HybridSecret.Derive(mlKem, ecdh, transcript, Label, key);
                break;
            case Mode.Classical:
                Kdf.Derive(ecdh, transcript, Label, key);
                break;
            default:
                Kdf.Derive(mlKem, transcript, Label, key);
                break;
        }
    }
}
