using Blake3;

namespace Zhtp.Storage.Types.Tests.Hashing;

/// <summary>Our helper over the <c>Blake3</c> package: conversions, argument checks, allocations, id derivation.</summary>
public sealed class Blake3HashingTests
{
    private const string EmptyHash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    [Fact]
    public void Compute_EmptyInput_IsTheOfficialEmptyHashInHash256ByteOrder()
    {
        Assert.Equal(EmptyHash, Blake3Hashing.Compute([]).ToString());
        Assert.Equal(EmptyHash, Hasher.Hash([]).ToHash256().ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(64)]
    public void KeyedHash_KeyNot32Bytes_ThrowsArgumentException(int length)
    {
        byte[] mac = new byte[32];
        Assert.ThrowsAny<ArgumentException>(() => Blake3Hashing.KeyedHash(new byte[length], "x"u8, mac));
    }

    [Fact]
    public void KeyedHash_ShortDestination_ThrowsArgumentExceptionNamingTheSize()
    {
        byte[] mac = new byte[31];
        var ex = Assert.Throws<ArgumentException>(() => Blake3Hashing.KeyedHash(new byte[32], "x"u8, mac));
        Assert.Contains("32-byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyedHash_DifferentKeys_DifferentMacs()
    {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = 1;
        byte[] macA = new byte[32];
        byte[] macB = new byte[32];
        Blake3Hashing.KeyedHash(a, "datagram"u8, macA);
        Blake3Hashing.KeyedHash(b, "datagram"u8, macB);
        Assert.NotEqual(macA, macB);
    }

    [Fact]
    public void NodeIdFromPublicKey_IsBlake3OfTheKeyBytes()
    {
        byte[] publicKey = new byte[65];
        new Random(7).NextBytes(publicKey);
        Assert.Equal(Hasher.Hash(publicKey).ToString(), NodeId.FromPublicKey(publicKey).Value.ToString());
    }

    [Fact]
    public void Compute_SteadyState_AllocatesNothing()
    {
        byte[] input = new byte[(1 << 20) + 17];
        _ = Blake3Hashing.Compute(input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            _ = Blake3Hashing.Compute(input);
            _ = Blake3Hashing.Compute(input.AsSpan(0, 1000));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
