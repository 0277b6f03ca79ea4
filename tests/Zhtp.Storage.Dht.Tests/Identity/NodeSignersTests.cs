using System.Security.Cryptography;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
namespace Zhtp.Storage.Dht.Tests.Identity;

public sealed class NodeSignersTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zhtp-dht-key-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadOrCreateEcdsaP256_SecondLoad_SameKeyAndPrivateFile()
    {
        INodeSigner first = NodeSigners.LoadOrCreateEcdsaP256(_directory);
        INodeSigner second = NodeSigners.LoadOrCreateEcdsaP256(_directory);
        string path = Path.Combine(_directory, NodeSigners.KeyFileName);

        Assert.Equal(first.PublicKey.ToArray(), second.PublicKey.ToArray());
        Assert.Equal(NodeId.FromPublicKey(first.PublicKey.Span), NodeId.FromPublicKey(second.PublicKey.Span));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void EcdsaP256_SignThenVerify_AcceptsOriginalRejectsTampered()
    {
        INodeSigner signer = NodeSigners.CreateEcdsaP256();
        INodeSigner other = NodeSigners.CreateEcdsaP256();
        byte[] data = "message"u8.ToArray();
        byte[] signature = new byte[signer.SignatureSize];
        signer.Sign(data, signature);

        Assert.Equal(65, signer.PublicKey.Length);
        Assert.True(other.Verify(signer.PublicKey.Span, data, signature));
        Assert.False(other.Verify(signer.PublicKey.Span, "messagE"u8, signature));
        Assert.False(other.Verify(other.PublicKey.Span, data, signature));
        Assert.False(other.Verify(new byte[65], data, signature));
        Assert.False(other.Verify(signer.PublicKey.Span, data, signature.AsSpan(0, 10)));
    }

    [Fact]
    public void InsecureSimulationSigner_SameSeed_SameKeyAndVerifies()
    {
        INodeSigner a = NodeSigners.CreateInsecureForSimulation(new Random(5));
        INodeSigner b = NodeSigners.CreateInsecureForSimulation(new Random(5));
        byte[] signature = new byte[a.SignatureSize];
        a.Sign("x"u8, signature);

        Assert.Equal(a.PublicKey.ToArray(), b.PublicKey.ToArray());
        Assert.True(b.Verify(a.PublicKey.Span, "x"u8, signature));
        Assert.False(b.Verify(a.PublicKey.Span, "y"u8, signature));
    }

    [Fact]
    public void MLDsa65_SignThenVerify_AcceptsOriginalRejectsTamperedAndMalformed()
    {
        using INodeSigner signer = NodeSigners.CreateMLDsa65();
        using INodeSigner other = NodeSigners.CreateMLDsa65();
        byte[] data = "message"u8.ToArray();
        byte[] signature = signer.Sign(data);

        Assert.Equal(3, signer.Algorithm);
        Assert.Equal(1952, signer.PublicKey.Length);
        Assert.Equal(3309, signature.Length);
        Assert.True(other.Verify(signer.PublicKey.Span, data, signature));
        Assert.False(other.Verify(signer.PublicKey.Span, "messagE"u8, signature));
        Assert.False(other.Verify(other.PublicKey.Span, data, signature));
        Assert.False(other.Verify(new byte[1952], data, signature));
        Assert.False(other.Verify(signer.PublicKey.Span, data, signature.AsSpan(0, 64)));
    }

    [Fact]
    public void LoadOrCreate_MLDsa65_SecondLoadSameKeyPrivateFileAndOwnIdentity()
    {
        using INodeSigner first = NodeSigners.LoadOrCreate(_directory, SignatureAlgorithm.MLDsa65);
        using INodeSigner second = NodeSigners.LoadOrCreate(_directory, SignatureAlgorithm.MLDsa65);
        using INodeSigner ecdsa = NodeSigners.LoadOrCreate(_directory, SignatureAlgorithm.EcdsaP256);
        string path = Path.Combine(_directory, NodeSigners.MLDsa65KeyFileName);

        Assert.Equal(first.PublicKey.ToArray(), second.PublicKey.ToArray());
        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(3, second.Algorithm);
        Assert.NotEqual(NodeId.FromPublicKey(first.PublicKey.Span), NodeId.FromPublicKey(ecdsa.PublicKey.Span));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void LoadOrCreate_DamagedMLDsaKeyOrUnsupportedAlgorithm_TypedErrorsThatSayWhatToDo()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(Path.Combine(_directory, NodeSigners.MLDsa65KeyFileName), new byte[31]);

        CryptographicException damaged = Assert.Throws<CryptographicException>(() => NodeSigners.LoadOrCreate(_directory, SignatureAlgorithm.MLDsa65));
        ArgumentException unsupported = Assert.Throws<ArgumentException>(() => NodeSigners.LoadOrCreate(_directory, SignatureAlgorithm.Ed25519));

        Assert.Contains("move it away", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("EcdsaP256 or MLDsa65", unsupported.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
