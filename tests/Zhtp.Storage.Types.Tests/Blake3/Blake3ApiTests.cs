using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Types.Tests.Blake3;

/// <summary>The public surface: Hash value semantics, argument checks, the HashAlgorithm adapter, allocations.</summary>
public sealed class Blake3ApiTests
{
    private const string EmptyHash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    [Fact]
    public void ToString_EmptyInput_IsLowerCaseHexOfOfficialVector() =>
        Assert.Equal(EmptyHash, Hasher.Hash([]).ToString());

    [Fact]
    public void Equality_SameAndDifferentInputs_ComparesByValue()
    {
        Hash a = Hasher.Hash("abc"u8);
        Hash b = Hasher.Hash("abc"u8);
        Hash c = Hasher.Hash("abd"u8);
        Assert.True(a == b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals((object)c));
        Assert.Equal(a, new Hash(a.AsSpan()));
        Assert.Equal(a.ToArray(), a.AsSpan().ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Constructor_WrongLength_ThrowsArgumentExceptionNamingTheSize(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Hash(new byte[length]));
        Assert.Contains("32 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(64)]
    public void NewKeyed_KeyNot32Bytes_ThrowsArgumentException(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => Hasher.NewKeyed(new byte[length]));
        Assert.Contains("exactly 32 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_DefaultHasher_ThrowsInvalidOperationExceptionNamingTheFactory()
    {
        Hasher hasher = default;
        var ex = Assert.Throws<InvalidOperationException>(() => hasher.Update("x"u8));
        Assert.Contains("Hasher.New()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_AfterInput_StartsOverWithSameMode()
    {
        byte[] key = new byte[32];
        key[0] = 1;
        Hasher keyed = Hasher.NewKeyed(key);
        keyed.Update("some earlier input"u8);
        keyed.Reset();
        keyed.Update("abc"u8);
        Hasher fresh = Hasher.NewKeyed(key);
        fresh.Update("abc"u8);
        Assert.Equal(fresh.Finalize(), keyed.Finalize());
        Assert.NotEqual(Hasher.Hash("abc"u8), keyed.Finalize());
    }

    [Fact]
    public void Finalize_CalledTwiceAndThenMoreInput_IsNonDestructive()
    {
        Hasher hasher = Hasher.New();
        hasher.Update("ab"u8);
        Assert.Equal(hasher.Finalize(), hasher.Finalize());
        hasher.Update("c"u8);
        Assert.Equal(Hasher.Hash("abc"u8), hasher.Finalize());
    }

    [Fact]
    public void NewDeriveKey_StringAndUtf8Context_AgreeWithOneShot()
    {
        const string context = "zhtp 2026-11-21 test context ü";
        Hasher fromString = Hasher.NewDeriveKey(context);
        Hasher fromBytes = Hasher.NewDeriveKey(System.Text.Encoding.UTF8.GetBytes(context));
        fromString.Update("material"u8);
        fromBytes.Update("material"u8);
        byte[] oneShot = new byte[32];
        Hasher.DeriveKey(context, "material"u8, oneShot);
        Assert.Equal(fromString.Finalize(), fromBytes.Finalize());
        Assert.Equal(oneShot, fromString.Finalize().ToArray());
    }

    [Fact]
    public void Blake3HashAlgorithm_ComputeHashAndStreams_EqualHasher()
    {
        byte[] input = new byte[70_000];
        new Random(3).NextBytes(input);
        using var algorithm = new Blake3HashAlgorithm();
        Assert.Equal(256, algorithm.HashSize);
        Assert.Equal(Hasher.Hash(input).ToArray(), algorithm.ComputeHash(input));
        Assert.Equal(Hasher.Hash(input).ToArray(), algorithm.ComputeHash(new MemoryStream(input)));
        algorithm.TransformBlock(input, 0, 1000, null, 0);
        algorithm.TransformFinalBlock(input, 1000, input.Length - 1000);
        Assert.Equal(Hasher.Hash(input).ToArray(), algorithm.Hash);
    }

    [Fact]
    public void Hash_SteadyState_AllocatesNothing()
    {
        byte[] input = new byte[(1 << 20) + 17];
        byte[] output = new byte[64];
        Hasher hasher = Hasher.New();
        void HashEveryWay()
        {
            Hasher.Hash(input, output);
            _ = Hasher.Hash(input.AsSpan(0, 1000));
            hasher.Reset();
            hasher.Update(input);
            hasher.FinalizeXof(5, output);
        }

        HashEveryWay();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            HashEveryWay();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ForcedPath_UnsupportedPath_ThrowsPlatformNotSupported()
    {
        foreach (Blake3Path path in Enum.GetValues<Blake3Path>().Where(p => !Blake3Simd.IsSupported(p)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => Blake3Simd.ForcedPath = path);
        }

        Assert.Equal(Blake3Path.Auto, Blake3Simd.ForcedPath);
        Assert.True(Blake3Simd.IsSupported(Blake3Simd.Best));
    }
}
