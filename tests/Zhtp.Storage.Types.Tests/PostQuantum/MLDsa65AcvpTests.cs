using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Xunit.Abstractions;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// BouncyCastle ML-DSA-65 against the NIST ACVP FIPS 204 vectors (../shared/vectors/mldsa):
/// every ML-DSA-65 case of keyGen (from the seed), sigGen (deterministic, and hedged with the
/// vector's rnd) and sigVer (including the cases that must be rejected). The sample set tests
/// the internal interface (M′ signed as given), see <see cref="MLDsaInternalInterface"/>; the
/// external pure interface is then checked to be exactly Sign_internal over
/// <c>0x00 || |ctx| || ctx || M</c>. Each test collects failing case ids and fails on any, or
/// when it found no case.
/// </summary>
public class MLDsa65AcvpTests(ITestOutputHelper output)
{
    private const string ParameterSet = "ML-DSA-65";
    private static readonly MLDsaParameters Parameters = MLDsaParameters.ml_dsa_65;

    [Fact]
    public void KeyGen_FromSeed_PkAndSkMatchVectors()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-keyGen-FIPS204").For(ParameterSet);
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            MLDsaPrivateKeyParameters key = MLDsaPrivateKeyParameters.FromSeed(Parameters, c.Bytes("seed"));
            if (!key.GetPublicKeyEncoded().AsSpan().SequenceEqual(c.Bytes("pk")))
            {
                failures.Add($"tcId {c.Id}: pk differs");
            }

            if (!key.WithPreferredFormat(MLDsaPrivateKeyParameters.Format.EncodingOnly).GetEncoded().AsSpan().SequenceEqual(c.Bytes("sk")))
            {
                failures.Add($"tcId {c.Id}: sk differs");
            }
        }

        Report("keyGen", cases.Count, failures);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SignInternal_DeterministicOrHedgedWithVectorRnd_SignatureMatchesVectors(bool deterministic)
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-sigGen-FIPS204")
            .For(ParameterSet, g => g.GetProperty("deterministic").GetBoolean() == deterministic);
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            MLDsaPrivateKeyParameters key = MLDsaPrivateKeyParameters.FromEncoding(Parameters, c.Bytes("sk"));
            FixedBytesRandom? random = deterministic ? null : new FixedBytesRandom(c.Bytes("rnd"));
            byte[] signature = SignInternal(key, c.Bytes("message"), deterministic, random);
            if (random is { Exhausted: false })
            {
                failures.Add($"tcId {c.Id}: rnd was not used");
            }

            if (!signature.AsSpan().SequenceEqual(c.Bytes("signature")))
            {
                failures.Add($"tcId {c.Id}: signature differs");
            }
        }

        Report(deterministic ? "sigGen deterministic" : "sigGen hedged", cases.Count, failures);
    }

    [Fact]
    public void VerifyInternal_ValidAndTamperedSignatures_VerdictMatchesVectors()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-sigVer-FIPS204").For(ParameterSet);
        var failures = new List<string>();
        var reasons = new Dictionary<string, int>();
        foreach (AcvpCase c in cases)
        {
            bool expected = c.Test.GetProperty("testPassed").GetBoolean();
            string reason = c.Reason ?? "?";
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            byte[] pk = c.Bytes("pk");
            var verifier = new MLDsaSigner(Parameters, deterministic: true);
            verifier.Init(false, MLDsaPublicKeyParameters.FromEncoding(Parameters, pk));
            MLDsaInternalInterface.UseInternalInterface(verifier, pk);
            byte[] message = c.Bytes("message");
            verifier.BlockUpdate(message, 0, message.Length);
            bool actual = verifier.VerifySignature(c.Bytes("signature"));
            if (actual != expected)
            {
                failures.Add($"tcId {c.Id} ({reason}): verified {actual}, expected {expected}");
            }
        }

        output.WriteLine("reasons: " + string.Join(", ", reasons.Select(r => $"{r.Key} x{r.Value}")));
        Assert.Contains(cases, c => !c.Test.GetProperty("testPassed").GetBoolean());
        Report("sigVer", cases.Count, failures);
    }

    [Fact]
    public void SignPure_WithContext_EqualsSignInternalOfPrefixedMessageAndVerifies()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mldsa", "ML-DSA-sigGen-FIPS204")
            .For(ParameterSet, g => g.GetProperty("deterministic").GetBoolean());
        byte[] context = Encoding.ASCII.GetBytes("zhtp-storage");
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            MLDsaPrivateKeyParameters key = MLDsaPrivateKeyParameters.FromEncoding(Parameters, c.Bytes("sk"));
            byte[] message = c.Bytes("message");
            var signer = new MLDsaSigner(Parameters, deterministic: true);
            signer.Init(true, new ParametersWithContext(key, context));
            signer.BlockUpdate(message, 0, message.Length);
            byte[] pure = signer.GenerateSignature();

            byte[] prefixed = [0x00, (byte)context.Length, .. context, .. message];
            if (!pure.AsSpan().SequenceEqual(SignInternal(key, prefixed, deterministic: true, random: null)))
            {
                failures.Add($"tcId {c.Id}: pure signature is not Sign_internal(0 || |ctx| || ctx || M)");
            }

            var verifier = new MLDsaSigner(Parameters, deterministic: true);
            verifier.Init(false, new ParametersWithContext(key.GetPublicKey(), context));
            verifier.BlockUpdate(message, 0, message.Length);
            if (!verifier.VerifySignature(pure))
            {
                failures.Add($"tcId {c.Id}: pure signature does not verify");
            }

            pure[pure.Length / 2] ^= 0x01;
            verifier.BlockUpdate(message, 0, message.Length);
            if (verifier.VerifySignature(pure))
            {
                failures.Add($"tcId {c.Id}: a tampered pure signature verifies");
            }
        }

        Report("pure with context", cases.Count, failures);
    }

    private static byte[] SignInternal(MLDsaPrivateKeyParameters key, byte[] message, bool deterministic, FixedBytesRandom? random)
    {
        var signer = new MLDsaSigner(Parameters, deterministic);
        signer.Init(true, random is null ? key : new ParametersWithRandom(key, random));
        MLDsaInternalInterface.UseInternalInterface(signer, key.GetPublicKeyEncoded());
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    private void Report(string mode, int ran, List<string> failures)
    {
        output.WriteLine($"{ParameterSet} {mode}: {ran} cases, {failures.Count} failures");
        Assert.True(ran > 0, $"no {ParameterSet} {mode} case found in the vectors");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} {ParameterSet} {mode} cases failed:\n" + string.Join("\n", failures));
    }
}
