using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Xunit.Abstractions;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// The NIST ACVP vectors through our seam (<see cref="MLKem768"/>, <see cref="SigningKeys"/>) rather
/// than raw BouncyCastle. ML-KEM-768: every keyGen case (ImportSeed(d || z) gives ek and dk), every
/// encapsulation case (through the internal deterministic-m hook, then decapsulated through the
/// seam) and every decapsulation case including implicit rejection (through the internal dk-import
/// hook: those vectors carry dk, not the seed). ML-DSA-65: every keyGen case (Import(seed) gives
/// pk). The sample sigVer/sigGen sets test FIPS 204's internal interface (M′ signed as given) and no
/// message there starts with the 0x00 0x00 prefix of pure signing with an empty context, so no
/// sigVer "no modification" case can verify through our pure seam; what does match our seam: the
/// cases rejected for the signature's structure alone ("z too large", "too many hints") must be
/// rejected whatever the message, and a seam signature made with a vector key must verify as
/// Sign_internal over <c>0x00 || 0x00 || M</c> under the vector's pk.
/// </summary>
public class SeamAcvpTests(ITestOutputHelper output)
{
    [Fact]
    public void MLKem768_KeyGen_ImportSeedGivesVectorEkAndDk()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-keyGen-FIPS203").For("ML-KEM-768");
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            using IKemKey key = MLKem768.ImportSeed([.. c.Bytes("d"), .. c.Bytes("z")]);
            if (!key.EncapsulationKey.Span.SequenceEqual(c.Bytes("ek")))
            {
                failures.Add($"tcId {c.Id}: ek differs");
            }

            if (!DecapsulationKey(key).AsSpan().SequenceEqual(c.Bytes("dk")))
            {
                failures.Add($"tcId {c.Id}: dk differs");
            }

            if (!key.ExportSeed().AsSpan().SequenceEqual([.. c.Bytes("d"), .. c.Bytes("z")]))
            {
                failures.Add($"tcId {c.Id}: the exported seed is not d || z");
            }
        }

        Report("ML-KEM-768 keyGen", cases.Count, failures);
    }

    [Fact]
    public void MLKem768_Encapsulation_WithVectorM_GivesVectorCiphertextAndKey_AndSeamDecapsulates()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-encapDecap-FIPS203")
            .For("ML-KEM-768", g => g.GetProperty("function").GetString() == "encapsulation");
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            var ciphertext = new byte[MLKem768.CiphertextSize];
            var secret = new byte[MLKem768.SharedSecretSize];
            if (!MLKem768.TryEncapsulate(c.Bytes("ek"), c.Bytes("m"), ciphertext, secret))
            {
                failures.Add($"tcId {c.Id}: the vector ek was refused");
                continue;
            }

            if (!ciphertext.AsSpan().SequenceEqual(c.Bytes("c")) || !secret.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id}: c or k differs");
            }

            using IKemKey key = MLKem768.ImportDecapsulationKey(c.Bytes("dk"));
            var decapsulated = new byte[MLKem768.SharedSecretSize];
            key.Decapsulate(c.Bytes("c"), decapsulated);
            if (!decapsulated.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id}: the seam's decapsulation of c does not give k");
            }
        }

        Report("ML-KEM-768 encapsulation", cases.Count, failures);
    }

    [Fact]
    public void MLKem768_Decapsulation_ValidAndModifiedCiphertexts_IncludingImplicitRejection()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-encapDecap-FIPS203")
            .For("ML-KEM-768", g => g.GetProperty("function").GetString() == "decapsulation");
        var failures = new List<string>();
        int modified = 0;
        foreach (AcvpCase c in cases)
        {
            modified += c.Reason is not null and not "no modification" ? 1 : 0;
            using IKemKey key = MLKem768.ImportDecapsulationKey(c.Bytes("dk"));
            var secret = new byte[MLKem768.SharedSecretSize];
            key.Decapsulate(c.Bytes("c"), secret);
            if (!secret.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id} ({c.Reason}): k differs");
            }
        }

        output.WriteLine($"modified ciphertexts (implicit rejection): {modified}");
        Assert.True(modified > 0, "no modified ciphertext among the decapsulation cases");
        Report("ML-KEM-768 decapsulation", cases.Count, failures);
    }

    [Fact]
    public void MLDsa65_KeyGen_ImportSeedGivesVectorPk()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-keyGen-FIPS204").For("ML-DSA-65");
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            using ISigningKey key = SigningKeys.Import(SignatureAlgorithm.MLDsa65, c.Bytes("seed"));
            if (!key.PublicKey.Span.SequenceEqual(c.Bytes("pk")))
            {
                failures.Add($"tcId {c.Id}: pk differs");
            }
        }

        Report("ML-DSA-65 keyGen", cases.Count, failures);
    }

    [Fact]
    public void MLDsa65_SeamSignatureWithVectorKey_IsSignInternalOfEmptyContextPrefix()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-keyGen-FIPS204").For("ML-DSA-65").Take(5).ToList();
        var failures = new List<string>();
        byte[] message = "zhtp pure ML-DSA with empty context"u8.ToArray();
        foreach (AcvpCase c in cases)
        {
            using ISigningKey key = SigningKeys.Import(SignatureAlgorithm.MLDsa65, c.Bytes("seed"));
            var signature = new byte[key.SignatureSize];
            key.Sign(message, signature);

            byte[] pk = c.Bytes("pk");
            var verifier = new MLDsaSigner(MLDsaParameters.ml_dsa_65, deterministic: true);
            verifier.Init(false, MLDsaPublicKeyParameters.FromEncoding(MLDsaParameters.ml_dsa_65, pk));
            MLDsaInternalInterface.UseInternalInterface(verifier, pk);
            byte[] prefixed = [0x00, 0x00, .. message];
            verifier.BlockUpdate(prefixed, 0, prefixed.Length);
            if (!verifier.VerifySignature(signature))
            {
                failures.Add($"tcId {c.Id}: the seam signature is not Sign_internal(0x00 || 0x00 || M) under the vector pk");
            }

            if (!SigningKeys.Verify(SignatureAlgorithm.MLDsa65, pk, message, signature))
            {
                failures.Add($"tcId {c.Id}: the seam does not verify its own signature under the vector pk");
            }
        }

        Report("ML-DSA-65 seam signature = pure, empty context", cases.Count, failures);
    }

    [Fact]
    public void MLDsa65_SigVer_StructurallyInvalidSignatures_AreRejectedBySeam()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-sigVer-FIPS204").For("ML-DSA-65")
            .Where(c => c.Reason is "z too large" or "too many hints").ToList();
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            Assert.False(c.Test.GetProperty("testPassed").GetBoolean());
            if (SigningKeys.Verify(SignatureAlgorithm.MLDsa65, c.Bytes("pk"), c.Bytes("message"), c.Bytes("signature")))
            {
                failures.Add($"tcId {c.Id} ({c.Reason}): the seam accepted it");
            }
        }

        Report("ML-DSA-65 sigVer structural rejections", cases.Count, failures);
    }

    [Fact]
    public void Backends_AreReported()
    {
        output.WriteLine($"System.Security.Cryptography.MLKem.IsSupported = {System.Security.Cryptography.MLKem.IsSupported}");
        output.WriteLine($"System.Security.Cryptography.MLDsa.IsSupported = {System.Security.Cryptography.MLDsa.IsSupported}");
        output.WriteLine($"MLKem768.UsesPlatform = {MLKem768.UsesPlatform}");
        foreach (SignatureAlgorithm algorithm in Enum.GetValues<SignatureAlgorithm>().Where(a => a != SignatureAlgorithm.None))
        {
            output.WriteLine($"SigningKeys.UsesPlatform({algorithm}) = {SigningKeys.UsesPlatform(algorithm)}");
        }

        Assert.Equal(System.Security.Cryptography.MLKem.IsSupported, MLKem768.UsesPlatform);
    }

    private static byte[] DecapsulationKey(IKemKey key) => key switch
    {
        BouncyCastleMLKemKey bc => bc.ExportDecapsulationKey(),
        PlatformMLKemKey platform => platform.ExportDecapsulationKey(),
        _ => throw new InvalidOperationException("unknown ML-KEM key type"),
    };

    private void Report(string mode, int ran, List<string> failures)
    {
        output.WriteLine($"{mode}: {ran} cases, {failures.Count} failures");
        Assert.True(ran > 0, $"no {mode} case found in the vectors");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} {mode} cases failed:\n" + string.Join("\n", failures));
    }
}
