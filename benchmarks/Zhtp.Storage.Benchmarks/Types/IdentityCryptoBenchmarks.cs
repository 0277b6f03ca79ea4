using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Benchmarks.Types;

/// <summary>
/// Costs of the identity cryptography seam (docs/security.md, "Algorithms and backends"): sign and
/// verify a 256-byte message with each signature algorithm, wrap and unwrap a 32-byte content key
/// classically (X25519 or ECDH P-256) and quantum-resistantly (X25519 + ML-KEM-768 through the
/// hybrid combiner), and open an identity file (Argon2id 64 MiB × 3). One row per operation; the
/// backend (platform or BouncyCastle) is whatever this machine has.
/// </summary>
[BenchmarkCategory("IdentityCrypto")]
public class IdentityCryptoBenchmarks
{
    private readonly byte[] _message = new byte[256];
    private readonly byte[] _contentKey = new byte[32];
    private readonly byte[] _secret = new byte[32];
    private readonly List<IDisposable> _owned = [];
    private Action _run = () => { };

    /// <summary>The operation measured.</summary>
    [ParamsSource(nameof(Operations))]
    public string Operation { get; set; } = "";

    /// <summary>Every operation: sign/verify per algorithm, wrap/unwrap per mode, identity-file open.</summary>
    public static IEnumerable<string> Operations =>
    [
        .. new[] { "EcdsaP256", "Ed25519", "MLDsa65", "SlhDsaSha2_128s" }.SelectMany(a => new[] { $"Sign {a}", $"Verify {a}" }),
        "Wrap classical X25519", "Unwrap classical X25519",
        "Wrap classical EcdhP256", "Unwrap classical EcdhP256",
        "Wrap QR X25519+MLKem768", "Unwrap QR X25519+MLKem768",
        "Open identity.key (Argon2id 64 MiB x3)",
    ];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message);
        string[] parts = Operation.Split(' ');
        switch (parts[0])
        {
            case "Sign" or "Verify":
            {
                var algorithm = Enum.Parse<SignatureAlgorithm>(parts[1]);
                ISigningKey key = Own(SigningKeys.Generate(algorithm));
                var signature = new byte[key.SignatureSize];
                key.Sign(_message, signature);
                _run = parts[0] == "Sign"
                    ? () => key.Sign(_message, signature)
                    : () => Check(SigningKeys.Verify(algorithm, key.PublicKey.Span, _message, signature));
                break;
            }

            case "Wrap" or "Unwrap":
            {
                bool quantumResistant = parts[1] == "QR";
                ZhtpIdentity reader = Own(ZhtpIdentity.Create(new IdentityOptions
                {
                    Kind = quantumResistant ? IdentityKind.Hybrid : IdentityKind.Classical,
                    ClassicalAgreement = parts[2] == "EcdhP256" ? KeyAgreementAlgorithm.EcdhP256 : KeyAgreementAlgorithm.X25519,
                }));
                byte[] context = "content-id"u8.ToArray();
                byte[] wrapped = IdentityKeyWrap.Wrap(reader.Public, _contentKey, context, quantumResistant);
                _run = parts[0] == "Wrap"
                    ? () => IdentityKeyWrap.Wrap(reader.Public, _contentKey, context, quantumResistant)
                    : () => Check(IdentityKeyWrap.TryUnwrap(reader, wrapped, context, _secret));
                break;
            }

            default:
            {
                ZhtpIdentity identity = Own(ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid }));
                byte[] file = identity.ExportSealed("benchmark passphrase", Argon2idParameters.Default);
                _run = () => ZhtpIdentity.ImportSealed(file, "benchmark passphrase").Dispose();
                break;
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    [Benchmark]
    public void Run() => _run();

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("the benchmarked verification failed");
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
