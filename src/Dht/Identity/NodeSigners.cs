using System.Security.Cryptography;
using Zhtp.Storage.Dht.Identity;

namespace Zhtp.Storage.Dht;

/// <summary>Creates and loads node signers.</summary>
public static class NodeSigners
{
    /// <summary>The file name of the node key inside a data directory.</summary>
    public const string KeyFileName = "node-key.p8";

    /// <summary>A new ECDSA P-256 signer with a fresh key (kept in memory only).</summary>
    public static INodeSigner CreateEcdsaP256() => new EcdsaP256Signer(ECDsa.Create(ECCurve.NamedCurves.nistP256));

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
