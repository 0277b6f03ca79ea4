using System.Security.Cryptography;
using Zhtp.Storage.Dht.Identity;

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
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(pkcs8);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        return new EcdsaP256Signer(key);
    }

    /// <summary>
    /// INSECURE signer for simulations and benchmarks only: its "signatures" prove nothing (see
    /// docs/dht.md). <paramref name="random"/> seeds the key for reproducible simulations.
    /// </summary>
    public static INodeSigner CreateInsecureForSimulation(Random? random = null) => new InsecureSimulationSigner(random);
}
