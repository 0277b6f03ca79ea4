using System.Security.Cryptography;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Dht.Handshake;

// Implementation notes
// The key exchange of the handshake (docs/protocol.md "Handshake"), on the Types crypto seam only:
// the initiator sends an ephemeral X25519 key and an ephemeral ML-KEM-768 encapsulation key; the
// responder answers with its own ephemeral X25519 key and an ML-KEM ciphertext to that key. Both
// combine the two 32-byte secrets with HybridSecret (HKDF-SHA256 over mlkem || ecdh, salt =
// SHA-256(transcript)), the transcript being the responder's signed reply bytes, which contain
// BLAKE3 of the whole signed request. Every ephemeral private key lives only for one handshake
// and is disposed after it: forward secrecy. The signatures (node keys) are the envelope's.

/// <summary>The ephemeral key exchange and key schedule of the hybrid handshake.</summary>
internal static class HybridHandshake
{
    /// <summary>HKDF info of the session MAC key.</summary>
    public const string SessionLabel = "zhtp-dht-session-v2";

    /// <summary>BLAKE3 derive-key context of the session tag.</summary>
    public const string TagContext = "zhtp-dht-session-tag-v2";

    /// <summary>The initiator's ephemeral keys, held from the Handshake until its reply (or failure).</summary>
    internal sealed class Initiator : IDisposable
    {
        private readonly IKeyAgreementKey _ephemeral = KeyAgreementKeys.Generate(KeyAgreementAlgorithm.X25519);
        private readonly IKemKey _kem = MLKem768.Generate();

        public ReadOnlyMemory<byte> EphemeralKey => _ephemeral.PublicKey;

        public ReadOnlyMemory<byte> EncapsulationKey => _kem.EncapsulationKey;

        /// <summary>Both shared secrets from the reply's ephemeral key and ciphertext; false when the peer's X25519 key is invalid.</summary>
        public bool TryFinish(HandshakeReplyBody reply, Span<byte> mlKemSecret, Span<byte> ecdhSecret)
        {
            if (!_ephemeral.TryAgree(reply.EphemeralKey.Span, ecdhSecret))
            {
                return false;
            }

            _kem.Decapsulate(reply.Ciphertext.Span, mlKemSecret);
            return true;
        }

        public void Dispose()
        {
            _ephemeral.Dispose();
            _kem.Dispose();
        }
    }

    /// <summary>
    /// The responder's half: a fresh X25519 key agreed with the initiator's and an encapsulation to its
    /// ML-KEM key. False (nothing written) when either key of the request is invalid.
    /// </summary>
    public static bool TryRespond(HandshakeBody request, out byte[] ephemeralKey, out byte[] ciphertext, Span<byte> mlKemSecret, Span<byte> ecdhSecret)
    {
        using IKeyAgreementKey ephemeral = KeyAgreementKeys.Generate(KeyAgreementAlgorithm.X25519);
        ephemeralKey = ephemeral.PublicKey.ToArray();
        ciphertext = new byte[MLKem768.CiphertextSize];
        return ephemeral.TryAgree(request.EphemeralKey.Span, ecdhSecret)
            && MLKem768.TryEncapsulate(request.EncapsulationKey.Span, ciphertext, mlKemSecret);
    }

    /// <summary>The session's MAC key and tag from both secrets and the transcript (the reply's signed bytes); clears the secrets.</summary>
    public static (byte[] MacKey, byte[] Tag) DeriveSession(Span<byte> mlKemSecret, Span<byte> ecdhSecret, ReadOnlySpan<byte> transcript)
    {
        byte[] macKey = new byte[EnvelopeCodec.SessionMacSize];
        HybridSecret.Derive(mlKemSecret, ecdhSecret, transcript, SessionLabel, macKey);
        CryptographicOperations.ZeroMemory(mlKemSecret);
        CryptographicOperations.ZeroMemory(ecdhSecret);
        Span<byte> tag = stackalloc byte[Hash256.Size];
        Blake3Hashing.DeriveKey(TagContext, transcript, tag);
        return (macKey, tag[..EnvelopeCodec.SessionTagSize].ToArray());
    }
}
