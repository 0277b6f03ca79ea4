using System.Buffers.Binary;
using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.Cryptography;

/// <summary>
/// Each Argon2id run at the floor (64 MiB x 3) takes a fraction of a second, so one sealed blob is
/// shared and tests that must not reach the KDF assert so through the per-thread run counter.
/// </summary>
public class PassphraseSealTests
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly byte[] Plaintext = "the private keys of an identity"u8.ToArray();
    private static readonly byte[] Associated = "aad"u8.ToArray();
    private static readonly Lazy<byte[]> Sealed = new(() => PassphraseSeal.Seal(Plaintext, Passphrase, Argon2idParameters.Default, Associated));

    [Fact]
    public void SealOpen_RoundTrips()
    {
        Assert.Equal(Plaintext, PassphraseSeal.Open(Sealed.Value, Passphrase, Associated));
    }

    [Fact]
    public void Open_WrongPassphrase_ThrowsWrongPassphraseAfterTheKdfRan()
    {
        byte[] sealedData = Sealed.Value;
        int before = PassphraseSeal.KdfRunsOnThisThread;
        Assert.Throws<WrongPassphraseException>(() => PassphraseSeal.Open(sealedData, "correct horse battery stapler", Associated));
        Assert.Equal(before + 1, PassphraseSeal.KdfRunsOnThisThread);
    }

    [Fact]
    public void Open_DamagedOrTruncated_ThrowsFormatExceptionWithoutRunningTheKdf()
    {
        byte[] sealedData = Sealed.Value;
        int before = PassphraseSeal.KdfRunsOnThisThread;
        for (int i = 0; i < sealedData.Length; i += 7)
        {
            byte[] damaged = (byte[])sealedData.Clone();
            damaged[i] ^= 0x20;
            Assert.Throws<SealedDataFormatException>(() => PassphraseSeal.Open(damaged, Passphrase, Associated));
        }

        Assert.Throws<SealedDataFormatException>(() => PassphraseSeal.Open(sealedData.AsSpan(0, sealedData.Length - 1), Passphrase, Associated));
        Assert.Throws<SealedDataFormatException>(() => PassphraseSeal.Open([], Passphrase, Associated));
        Assert.Equal(before, PassphraseSeal.KdfRunsOnThisThread);
    }

    [Fact]
    public void Open_CiphertextAlteredWithChecksumRecomputed_ThrowsFormatExceptionAfterTheKdf()
    {
        byte[] altered = (byte[])Sealed.Value.Clone();
        altered[PassphraseSeal.HeaderSize + 3] ^= 0x01;
        FixChecksum(altered);
        int before = PassphraseSeal.KdfRunsOnThisThread;
        var e = Assert.Throws<SealedDataFormatException>(() => PassphraseSeal.Open(altered, Passphrase, Associated));
        Assert.Contains("altered", e.Message);
        Assert.Equal(before + 1, PassphraseSeal.KdfRunsOnThisThread);
    }

    [Fact]
    public void Open_FileClaimingParametersBelowTheFloor_IsRefusedBeforeTheKdf()
    {
        int before = PassphraseSeal.KdfRunsOnThisThread;
        foreach ((int offset, int value) in new[] { (10, 32 * 1024), (14, 2), (18, 0) })
        {
            byte[] weakened = (byte[])Sealed.Value.Clone();
            if (offset == 18)
            {
                weakened[18] = (byte)value;
            }
            else
            {
                BinaryPrimitives.WriteInt32BigEndian(weakened.AsSpan(offset), value);
            }

            FixChecksum(weakened);
            var e = Assert.Throws<SealedDataFormatException>(() => PassphraseSeal.Open(weakened, Passphrase, Associated));
            Assert.Contains("Argon2idParameters.", e.Message);
        }

        Assert.Equal(before, PassphraseSeal.KdfRunsOnThisThread);
    }

    [Theory]
    [InlineData(32 * 1024, 3, 1, "MemoryKiB")]
    [InlineData(64 * 1024, 2, 1, "Iterations")]
    [InlineData(64 * 1024, 3, 0, "Parallelism")]
    [InlineData(64 * 1024, 3, 17, "Parallelism")]
    public void Seal_ParametersOutsideTheRange_ThrowArgumentExceptionNamingTheField(int memory, int iterations, int parallelism, string field)
    {
        int before = PassphraseSeal.KdfRunsOnThisThread;
        var e = Assert.Throws<ArgumentException>(() => PassphraseSeal.Seal(Plaintext, Passphrase, new Argon2idParameters(memory, iterations, parallelism), Associated));
        Assert.Contains(field, e.Message);
        Assert.Equal(before, PassphraseSeal.KdfRunsOnThisThread);
    }

    [Fact]
    public void Seal_EmptyPassphrase_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => PassphraseSeal.Seal(Plaintext, "", Argon2idParameters.Default, Associated));
    }

    private static void FixChecksum(byte[] data) => SHA256.HashData(data.AsSpan(0, data.Length - 32), data.AsSpan(data.Length - 32));
}
