using System.Reflection;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// FIPS 204 ML-DSA.Sign_internal / Verify_internal (the message is M′ itself, no
/// <c>0x00 || |ctx| || ctx</c> prefix) on top of BouncyCastle's <see cref="MLDsaSigner"/>, which
/// only exposes the external interface. The ACVP FIPS204 sample set exercises the internal
/// interface, so after <c>Init</c> the signer's message-representative digest (which then holds
/// <c>tr || 0x00 || |ctx| || ctx</c>) is replaced by one holding only <c>tr</c>; everything
/// else (μ, signing, hints, verification) is BouncyCastle's. This reads one private field of
/// BouncyCastle 2.7.0 (<c>m_msgRepDigest</c>) and fails loudly if a later version renames it.
/// </summary>
internal static class MLDsaInternalInterface
{
    private static readonly FieldInfo MessageDigest =
        typeof(MLDsaSigner).GetField("m_msgRepDigest", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException("BouncyCastle MLDsaSigner.m_msgRepDigest not found; this BouncyCastle version needs another route to ML-DSA Sign_internal.");

    /// <summary>Makes an initialised signer hash M′ directly: μ = SHAKE256(tr || M′).</summary>
    /// <param name="signer">A signer after <see cref="MLDsaSigner.Init"/>.</param>
    /// <param name="publicKey">The encoded public key (tr = SHAKE256(pk, 64)).</param>
    public static void UseInternalInterface(MLDsaSigner signer, byte[] publicKey)
    {
        byte[] tr = new byte[64];
        var shake = new ShakeDigest(256);
        shake.BlockUpdate(publicKey, 0, publicKey.Length);
        shake.OutputFinal(tr, 0, tr.Length);

        var digest = new ShakeDigest(256);
        digest.BlockUpdate(tr, 0, tr.Length);
        MessageDigest.SetValue(signer, digest);
    }
}
