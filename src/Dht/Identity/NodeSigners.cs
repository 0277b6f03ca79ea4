using System.Security.Cryptography;
using Zhtp.Storage.Dht.Identity;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Dht;

/// <summary>Creates and loads node signers.</summary>
public static class NodeSigners
{
    /// <summary>The file name of the node key inside a data directory.</summary>
    public const string KeyFileName = "node-key.p8";

    /// <summary>Verifies ECDSA P-256 signatures (the default algorithm) without a key of one's own, e.g. a renter checking a quote.</summary>
    public static ISignatureVerifier EcdsaP256Verifier => Identity.EcdsaP256Verifier.Instance;

    /// <summary>A new ECDSA P-256 signer with a fresh key from the operating system's random source (kept in memory only).</summary>
    public static INodeSigner CreateEcdsaP256() => new EcdsaP256Signer(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>An ECDSA P-256 signer for the 32-byte private scalar <paramref name="privateScalar"/> (stored identities, tests).</summary>
    /// <exception cref="CryptographicException">The scalar is not a valid P-256 private key (zero, or not below the group order).</exception>
    public static INodeSigner CreateEcdsaP256(ReadOnlySpan<byte> privateScalar)
    {
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar.ToArray() };
        try
        {
            return new EcdsaP256Signer(ECDsa.Create(parameters));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>
    /// An ECDSA P-256 signer whose key is derived from <paramref name="seed"/>: reproducible keys for
    /// tests and simulations only (anyone who knows the seed has the key).
    /// </summary>
    public static INodeSigner CreateEcdsaP256FromSeed(int seed)
    {
        Span<byte> input = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input, seed);
        byte[] scalar = SHA256.HashData(input);
        scalar[0] &= 0x7F; // stays below the group order
        scalar[31] |= 1;   // never zero
        return CreateEcdsaP256(scalar);
    }

    /// <summary>
    /// Loads the ECDSA P-256 key from <c>dataDirectory/node-key.p8</c> (PKCS#8 DER), creating the
    /// directory and a new key on first start. The key file is created with mode 0600 on Unix.
    /// </summary>
    /// <exception cref="CryptographicException">The key file exists but is not a P-256 PKCS#8 key; move it away to create a new identity.</exception>
    public static INodeSigner LoadOrCreateEcdsaP256(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, KeyFileName);
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(path), out _);
            return new EcdsaP256Signer(key);
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            KeyFiles.WriteNew(path, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        return new EcdsaP256Signer(key);
    }

    /// <summary>The file name of an ML-DSA-65 node key inside a data directory: the raw 32-byte seed ξ (FIPS 204), mode 0600.</summary>
    public const string MLDsa65KeyFileName = "node-key.mldsa65";

    /// <summary>
    /// A new ML-DSA-65 (FIPS 204) signer with a fresh key (kept in memory only). Its 1,952-byte key and
    /// 3,309-byte signatures do not fit a datagram: its node authenticates datagrams with sessions from
    /// the hybrid handshake (docs/protocol.md "Handshake"). A network uses one node algorithm.
    /// </summary>
    public static INodeSigner CreateMLDsa65() => new MLDsa65Signer(SigningKeys.Generate(SignatureAlgorithm.MLDsa65));

    /// <summary>An ML-DSA-65 signer for the 32-byte seed <paramref name="seed"/> (stored identities, tests).</summary>
    /// <exception cref="CryptographicException">The seed is not 32 bytes.</exception>
    public static INodeSigner CreateMLDsa65(ReadOnlySpan<byte> seed) => new MLDsa65Signer(SigningKeys.Import(SignatureAlgorithm.MLDsa65, seed));

    /// <summary>
    /// Loads the node key of <paramref name="algorithm"/> from <paramref name="dataDirectory"/>, creating
    /// the directory and a new key on first start: ECDSA P-256 in <see cref="KeyFileName"/> (PKCS#8 DER),
    /// ML-DSA-65 in <see cref="MLDsa65KeyFileName"/> (32-byte seed). Key files are created with mode 0600
    /// on Unix. Each algorithm has its own file and so its own node id: switching algorithms makes a new
    /// identity (for another network: a network uses one node algorithm).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not EcdsaP256 or MLDsa65.</exception>
    /// <exception cref="CryptographicException">The key file exists but does not hold a key of that algorithm; move it away to create a new identity.</exception>
    public static INodeSigner LoadOrCreate(string dataDirectory, SignatureAlgorithm algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        switch (algorithm)
        {
            case SignatureAlgorithm.EcdsaP256:
                return LoadOrCreateEcdsaP256(dataDirectory);
            case SignatureAlgorithm.MLDsa65:
                break;
            default:
                throw new ArgumentException($"Node signers are EcdsaP256 or MLDsa65, not {algorithm}.", nameof(algorithm));
        }

        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, MLDsa65KeyFileName);
        if (File.Exists(path))
        {
            byte[] stored = File.ReadAllBytes(path);
            try
            {
                return CreateMLDsa65(stored);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new CryptographicException($"{path} holds {stored.Length} bytes, not a 32-byte ML-DSA-65 seed; move it away to create a new node identity.", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(stored);
            }
        }

        var signer = (MLDsa65Signer)CreateMLDsa65();
        byte[] seed = signer.ExportSeed();
        try
        {
            KeyFiles.WriteNew(path, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        return signer;
    }

    /// <summary>
    /// INSECURE signer for simulations and benchmarks only: its "signatures" prove nothing (see
    /// docs/dht.md). <paramref name="random"/> seeds the key for reproducible simulations.
    /// </summary>
    public static INodeSigner CreateInsecureForSimulation(Random? random = null) => new InsecureSimulationSigner(random);
}
