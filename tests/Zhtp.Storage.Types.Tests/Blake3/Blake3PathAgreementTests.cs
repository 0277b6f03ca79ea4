using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Types.Tests.Blake3;

/// <summary>All SIMD paths give the same bytes as the scalar path, one-shot and incremental, on random inputs.</summary>
public sealed class Blake3PathAgreementTests
{
    private static readonly int[] Lengths =
    [
        0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3 * 1024, 4095, 4096, 4097,
        (8 * 1024) - 1, 8 * 1024, (8 * 1024) + 1, (16 * 1024) - 1, 16 * 1024, (16 * 1024) + 1,
        (17 * 1024) + 5, 31 * 1024, (33 * 1024) + 1, 100_000, (1 << 20) + 17,
        (5 * 1024) + 1, 6 * 1024, 7 * 1024, 9 * 1024, (12 * 1024) + 3, 15 * 1024, (15 * 1024) + 1,
    ];

    private static readonly Blake3Path[] Paths = [Blake3Path.Scalar, Blake3Path.Vector128, Blake3Path.Vector256, Blake3Path.Vector512];

    [Fact]
    public void Hash_EveryPathOnEdgeLengths_AgreesWithScalar()
    {
        var random = new Random(42);
        byte[] key = new byte[32];
        random.NextBytes(key);
        foreach (int length in Lengths)
        {
            byte[] input = new byte[length];
            random.NextBytes(input);
            AssertPathsAgree(input, key, length);
        }
    }

    [Fact]
    public void Hash_EveryPathOnRandomLengths_AgreesWithScalar()
    {
        var random = new Random(7);
        byte[] key = new byte[32];
        random.NextBytes(key);
        for (int i = 0; i < 40; i++)
        {
            int length = random.Next(4) == 0 ? random.Next(0, 2048) : random.Next(0, 200_000);
            byte[] input = new byte[length];
            random.NextBytes(input);
            AssertPathsAgree(input, key, length);
        }
    }

    [Fact]
    public void Update_RandomPieceSizesOnEveryPath_EqualsOneShot()
    {
        var random = new Random(99);
        foreach (Blake3Path path in Paths.Where(Blake3Simd.IsSupported))
        {
            using var scope = new Blake3PathScope(path);
            for (int i = 0; i < 12; i++)
            {
                int length = random.Next(0, 300_000);
                byte[] input = new byte[length];
                random.NextBytes(input);
                Hash expected = Hasher.Hash(input);
                Hasher hasher = Hasher.New();
                int position = 0;
                while (position < length)
                {
                    int piece = Math.Min(length - position, random.Next(3) switch
                    {
                        0 => random.Next(0, 100),
                        1 => random.Next(0, 5000),
                        _ => random.Next(0, 70_000),
                    });
                    hasher.Update(input.AsSpan(position, piece));
                    position += piece;
                }

                Assert.True(expected == hasher.Finalize(), $"{path}: incremental hash of {length} bytes differs from one-shot");
            }
        }
    }

    [Fact]
    public void FinalizeXof_AnyOffsetAndLength_EqualsSliceOfLongOutput()
    {
        byte[] input = new byte[5000];
        new Random(5).NextBytes(input);
        Hasher hasher = Hasher.New();
        hasher.Update(input);
        byte[] full = new byte[4096];
        hasher.Finalize(full);
        var random = new Random(6);
        for (int i = 0; i < 200; i++)
        {
            int offset = random.Next(0, full.Length);
            int length = random.Next(0, full.Length - offset + 1);
            byte[] part = new byte[length];
            hasher.FinalizeXof((ulong)offset, part);
            Assert.True(full.AsSpan(offset, length).SequenceEqual(part), $"XOF at offset {offset}, length {length}");
        }
    }

    [Fact]
    public void FinalizeXof_LongOutputOnEveryPath_AgreesWithScalar()
    {
        byte[] input = new byte[3000];
        new Random(8).NextBytes(input);
        (int Offset, int Length)[] cases = [(0, 5000), (1, 4099), (63, 1100), (64, 1024), (640, 2048), (100_000, 777)];
        foreach ((int offset, int length) in cases)
        {
            byte[] expected = Xof(Blake3Path.Scalar, input, offset, length);
            foreach (Blake3Path path in Paths.Skip(1).Where(Blake3Simd.IsSupported))
            {
                Assert.True(expected.AsSpan().SequenceEqual(Xof(path, input, offset, length)), $"{path}: XOF at offset {offset}, length {length} differs from Scalar");
            }
        }

        static byte[] Xof(Blake3Path path, byte[] input, int offset, int length)
        {
            using var scope = new Blake3PathScope(path);
            Hasher hasher = Hasher.NewDeriveKey("zhtp xof agreement");
            hasher.Update(input);
            byte[] output = new byte[length];
            hasher.FinalizeXof((ulong)offset, output);
            return output;
        }
    }

    [Fact]
    public void FinalizeXof_OffsetBeyond32BitBlockCounter_IsConsistent()
    {
        Hasher hasher = Hasher.New();
        hasher.Update("abc"u8);
        ulong offset = (1UL << 38) + 13;
        byte[] at = new byte[100];
        byte[] before = new byte[120];
        hasher.FinalizeXof(offset, at);
        hasher.FinalizeXof(offset - 20, before);
        Assert.True(before.AsSpan(20).SequenceEqual(at));
    }

    private static void AssertPathsAgree(byte[] input, byte[] key, int length)
    {
        byte[] expected = Compute(Blake3Path.Scalar, input, key);
        foreach (Blake3Path path in Paths.Skip(1).Where(Blake3Simd.IsSupported))
        {
            byte[] actual = Compute(path, input, key);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} differs from Scalar at length {length}");
        }
    }

    private static byte[] Compute(Blake3Path path, byte[] input, byte[] key)
    {
        using var scope = new Blake3PathScope(path);
        byte[] result = new byte[3 * 80];
        Hasher.Hash(input, result.AsSpan(0, 80));
        Hasher keyed = Hasher.NewKeyed(key);
        keyed.Update(input);
        keyed.Finalize(result.AsSpan(80, 80));
        Hasher.DeriveKey("zhtp path agreement", input, result.AsSpan(160, 80));
        return result;
    }
}
