using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// Encrypts a dealer's share to its recipient: X25519 between the dealer's and the recipient's
/// per-session keys, HKDF-SHA256 (salt = SHA-256 of the transcript: label, session, dealer and
/// recipient indices and both keys), AES-256-GCM with a zero nonce and the transcript as associated
/// data. The key is used once: it is unique to (session, dealer key, recipient key), and a dealer
/// encrypts to each recipient once per session.
/// </summary>
internal static class ShareCipher
{
    private const string Label = "zhtp-dkg-share-v1";

    public static byte[] Encrypt(IKeyAgreementKey dealerKey, ReadOnlySpan<byte> recipientKey, ReadOnlySpan<byte> session, int dealer, int recipient, ReadOnlySpan<byte> share)
    {
        byte[] transcript = Transcript(session, dealer, recipient, dealerKey.PublicKey.Span, recipientKey);
        Span<byte> key = stackalloc byte[32];
        if (!DeriveKey(dealerKey, recipientKey, transcript, key))
        {
            throw new ArgumentException($"Member {recipient}'s announced encryption key is not a valid X25519 key.", nameof(recipientKey));
        }

        var output = new byte[DkgWire.EncryptedShareSize];
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(stackalloc byte[12], share, output.AsSpan(0, Fr.Size), output.AsSpan(Fr.Size), transcript);
        CryptographicOperations.ZeroMemory(key);
        return output;
    }

    /// <summary>False (never an exception) for a bad key or a ciphertext that does not authenticate.</summary>
    public static bool TryDecrypt(IKeyAgreementKey recipientKey, ReadOnlySpan<byte> dealerKey, ReadOnlySpan<byte> session, int dealer, int recipient, ReadOnlySpan<byte> ciphertext, Span<byte> share)
    {
        if (ciphertext.Length != DkgWire.EncryptedShareSize)
        {
            return false;
        }

        byte[] transcript = Transcript(session, dealer, recipient, dealerKey, recipientKey.PublicKey.Span);
        Span<byte> key = stackalloc byte[32];
        try
        {
            if (!DeriveKey(recipientKey, dealerKey, transcript, key))
            {
                return false;
            }

            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(stackalloc byte[12], ciphertext[..Fr.Size], ciphertext[Fr.Size..], share, transcript);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static bool DeriveKey(IKeyAgreementKey own, ReadOnlySpan<byte> peer, byte[] transcript, Span<byte> key)
    {
        Span<byte> shared = stackalloc byte[KeyAgreementKeys.SharedSecretSize];
        if (!own.TryAgree(peer, shared))
        {
            return false;
        }

        Kdf.Derive(shared, transcript, Label, key);
        CryptographicOperations.ZeroMemory(shared);
        return true;
    }

    private static byte[] Transcript(ReadOnlySpan<byte> session, int dealer, int recipient, ReadOnlySpan<byte> dealerKey, ReadOnlySpan<byte> recipientKey)
    {
        var t = new byte[Label.Length + 32 + 4 + dealerKey.Length + recipientKey.Length];
        System.Text.Encoding.ASCII.GetBytes(Label, t);
        session.CopyTo(t.AsSpan(Label.Length));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(Label.Length + 32), (ushort)dealer);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(Label.Length + 34), (ushort)recipient);
        dealerKey.CopyTo(t.AsSpan(Label.Length + 36));
        recipientKey.CopyTo(t.AsSpan(Label.Length + 36 + dealerKey.Length));
        return t;
    }
}
