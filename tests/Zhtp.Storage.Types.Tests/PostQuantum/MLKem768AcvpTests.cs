using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit.Abstractions;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// BouncyCastle ML-KEM-768 against the NIST ACVP FIPS 203 vectors (../shared/vectors/mlkem):
/// every ML-KEM-768 case of keyGen, encapsulation and decapsulation (including the modified
/// ciphertexts that must give the implicit-rejection key). Each test collects the failing case
/// ids and fails on any, or when it found no case.
/// </summary>
public class MLKem768AcvpTests(ITestOutputHelper output)
{
    private const string ParameterSet = "ML-KEM-768";
    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;

    [Fact]
    public void KeyGen_FromSeedDZ_EkAndDkMatchVectors()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-keyGen-FIPS203").For(ParameterSet);
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            // FIPS 203 ML-KEM.KeyGen_internal(d, z); BouncyCastle's 64-byte seed is d || z.
            MLKemPrivateKeyParameters key = MLKemPrivateKeyParameters.FromSeed(Parameters, [.. c.Bytes("d"), .. c.Bytes("z")]);
            if (!key.GetPublicKeyEncoded().AsSpan().SequenceEqual(c.Bytes("ek")))
            {
                failures.Add($"tcId {c.Id}: ek differs");
            }

            if (!key.WithPreferredFormat(MLKemPrivateKeyParameters.Format.EncodingOnly).GetEncoded().AsSpan().SequenceEqual(c.Bytes("dk")))
            {
                failures.Add($"tcId {c.Id}: dk differs");
            }
        }

        Report("keyGen", cases.Count, failures);
    }

    [Fact]
    public void Encapsulate_WithVectorRandomness_CiphertextAndKeyMatchVectors()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-encapDecap-FIPS203")
            .For(ParameterSet, g => g.GetProperty("function").GetString() == "encapsulation");
        var failures = new List<string>();
        foreach (AcvpCase c in cases)
        {
            var random = new FixedBytesRandom(c.Bytes("m"));
            var encapsulator = new MLKemEncapsulator(Parameters);
            encapsulator.Init(new ParametersWithRandom(MLKemPublicKeyParameters.FromEncoding(Parameters, c.Bytes("ek")), random));
            byte[] ciphertext = new byte[encapsulator.EncapsulationLength];
            byte[] secret = new byte[encapsulator.SecretLength];
            encapsulator.Encapsulate(ciphertext, secret);
            if (!random.Exhausted)
            {
                failures.Add($"tcId {c.Id}: the 32 bytes of m were not all used");
            }

            if (!ciphertext.AsSpan().SequenceEqual(c.Bytes("c")))
            {
                failures.Add($"tcId {c.Id}: c differs");
            }

            if (!secret.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id}: k differs");
            }

            // The same case's dk must take c back to k.
            byte[] decapsulated = Decapsulate(c.Bytes("dk"), c.Bytes("c"));
            if (!decapsulated.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id}: decapsulating the vector's c with its dk does not give k");
            }
        }

        Report("encapsulation", cases.Count, failures);
    }

    [Fact]
    public void Decapsulate_ValidAndModifiedCiphertexts_KeyMatchesVectorsIncludingImplicitRejection()
    {
        List<AcvpCase> cases = AcvpVectorSet.Load("mlkem", "ML-KEM-encapDecap-FIPS203")
            .For(ParameterSet, g => g.GetProperty("function").GetString() == "decapsulation");
        var failures = new List<string>();
        var reasons = new Dictionary<string, int>();
        foreach (AcvpCase c in cases)
        {
            string reason = c.Reason ?? "?";
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            byte[] secret = Decapsulate(c.Bytes("dk"), c.Bytes("c"));
            if (!secret.AsSpan().SequenceEqual(c.Bytes("k")))
            {
                failures.Add($"tcId {c.Id} ({reason}): k differs");
            }
        }

        output.WriteLine("reasons: " + string.Join(", ", reasons.Select(r => $"{r.Key} x{r.Value}")));
        Assert.True(reasons.Keys.Any(r => r != "no modification"), "the decapsulation cases hold no modified ciphertext (implicit rejection untested)");
        Report("decapsulation", cases.Count, failures);
    }

    private static byte[] Decapsulate(byte[] dk, byte[] ciphertext)
    {
        var decapsulator = new MLKemDecapsulator(Parameters);
        decapsulator.Init(MLKemPrivateKeyParameters.FromEncoding(Parameters, dk));
        byte[] secret = new byte[decapsulator.SecretLength];
        decapsulator.Decapsulate(ciphertext, secret);
        return secret;
    }

    private void Report(string mode, int ran, List<string> failures)
    {
        output.WriteLine($"{ParameterSet} {mode}: {ran} cases, {failures.Count} failures");
        Assert.True(ran > 0, $"no {ParameterSet} {mode} case found in the vectors");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} {ParameterSet} {mode} cases failed:\n" + string.Join("\n", failures));
    }
}
