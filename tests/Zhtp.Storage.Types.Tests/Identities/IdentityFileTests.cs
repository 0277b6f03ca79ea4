using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Types.Tests.Identities;

public class IdentityFileTests
{
    private const string Passphrase = "a long passphrase for the vault";
    private static readonly byte[] Data = "signed after import"u8.ToArray();

    // SLH-DSA root keys take seconds to generate and sign with on BouncyCastle here: one, shared.
    private static readonly Lazy<ZhtpIdentity> WithRoot = new(() => ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid, WithRootKey = true }));

    [Theory]
    [InlineData(IdentityKind.Classical, false)]
    [InlineData(IdentityKind.PostQuantum, false)]
    [InlineData(IdentityKind.Hybrid, true)]
    public void ExportImportSealed_RestoresTheSameIdentity(IdentityKind kind, bool withRootKey)
    {
        using ZhtpIdentity? owned = withRootKey ? null : ZhtpIdentity.Create(new IdentityOptions { Kind = kind });
        ZhtpIdentity identity = owned ?? WithRoot.Value;
        Assert.Equal(kind, identity.Kind);
        byte[] file = identity.ExportSealed(Passphrase, Argon2idParameters.Default);
        using ZhtpIdentity restored = ZhtpIdentity.ImportSealed(file, Passphrase);

        Assert.Equal(identity.Id, restored.Id);
        Assert.Equal(identity.Public.Encode(), restored.Public.Encode());
        Assert.Equal(withRootKey, restored.HasRootKey);
        Assert.True(identity.Public.Verify(Data, restored.Sign(Data)));
        if (kind != IdentityKind.Classical)
        {
            byte[] wrapped = IdentityKeyWrap.Wrap(identity.Public, new byte[32], "ctx"u8, quantumResistant: true);
            Assert.True(IdentityKeyWrap.TryUnwrap(restored, wrapped, "ctx"u8, new byte[32]));
        }
    }

    [Fact]
    public void RootSignature_VerifiesOnDecode_AndTamperOrSwapIsRejected()
    {
        ZhtpIdentity identity = WithRoot.Value;
        Assert.Equal(32, identity.Public.RootKey.Length);
        Assert.Equal(7856, identity.Public.RootSignature.Length);
        byte[] encoded = identity.Public.Encode();
        Assert.Equal(identity.Public, PublicIdentity.Decode(encoded));

        byte[] tampered = (byte[])encoded.Clone();
        tampered[^100] ^= 0x01; // inside the root signature, the last field
        var e = Assert.Throws<IdentityFormatException>(() => PublicIdentity.Decode(tampered));
        Assert.Contains("root signature", e.Message);

        // Stripping the root signature while keeping the root key is rejected.
        byte[] stripped = identity.Public.WithRootSignature(ReadOnlyMemory<byte>.Empty).Encode();
        Assert.Throws<IdentityFormatException>(() => PublicIdentity.Decode(stripped));
    }

    [Fact]
    public void ImportSealed_WrongPassphraseOrDamagedFile_TypedErrors()
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        byte[] file = identity.ExportSealed(Passphrase, Argon2idParameters.Default);
        int before = PassphraseSeal.KdfRunsOnThisThread;
        Assert.Throws<WrongPassphraseException>(() => ZhtpIdentity.ImportSealed(file, Passphrase + "!"));
        Assert.Equal(before + 1, PassphraseSeal.KdfRunsOnThisThread);

        byte[] damaged = (byte[])file.Clone();
        damaged[file.Length / 2] ^= 0x01;
        Assert.Throws<SealedDataFormatException>(() => ZhtpIdentity.ImportSealed(damaged, Passphrase));
        Assert.Throws<ArgumentException>(() => identity.ExportSealed(Passphrase, new Argon2idParameters(1024, 3, 1)));
    }
}
