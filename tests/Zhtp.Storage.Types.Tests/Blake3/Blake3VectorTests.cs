using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Types.Tests.Blake3;

/// <summary>Every official vector in every mode, on every SIMD path.</summary>
public sealed class Blake3VectorTests
{
    private static readonly ulong[] XofOffsets = [0, 1, 31, 32, 63, 64, 65, 100, 127, 128, 130];

    [PathFact(Blake3Path.Scalar)]
    public void Vectors_Scalar_AllModesMatch() => AssertAllModes(Blake3Path.Scalar);

    [PathFact(Blake3Path.Vector128)]
    public void Vectors_Vector128_AllModesMatch() => AssertAllModes(Blake3Path.Vector128);

    [PathFact(Blake3Path.Vector256)]
    public void Vectors_Vector256_AllModesMatch() => AssertAllModes(Blake3Path.Vector256);

    [PathFact(Blake3Path.Vector512)]
    public void Vectors_Vector512_AllModesMatch() => AssertAllModes(Blake3Path.Vector512);

    [PathFact(Blake3Path.Scalar)]
    public void FinalizeXof_Scalar_EveryOffsetMatches() => AssertXofOffsets(Blake3Path.Scalar);

    [PathFact(Blake3Path.Vector128)]
    public void FinalizeXof_Vector128_EveryOffsetMatches() => AssertXofOffsets(Blake3Path.Vector128);

    [PathFact(Blake3Path.Vector256)]
    public void FinalizeXof_Vector256_EveryOffsetMatches() => AssertXofOffsets(Blake3Path.Vector256);

    [PathFact(Blake3Path.Vector512)]
    public void FinalizeXof_Vector512_EveryOffsetMatches() => AssertXofOffsets(Blake3Path.Vector512);

    [PathFact(Blake3Path.Scalar)]
    public void Update_Scalar_RandomPiecesMatchVectors() => AssertIncremental(Blake3Path.Scalar);

    [PathFact(Blake3Path.Vector128)]
    public void Update_Vector128_RandomPiecesMatchVectors() => AssertIncremental(Blake3Path.Vector128);

    [PathFact(Blake3Path.Vector256)]
    public void Update_Vector256_RandomPiecesMatchVectors() => AssertIncremental(Blake3Path.Vector256);

    [PathFact(Blake3Path.Vector512)]
    public void Update_Vector512_RandomPiecesMatchVectors() => AssertIncremental(Blake3Path.Vector512);

    [Fact]
    public void Vectors_File_HasEveryOfficialCase()
    {
        Assert.Equal(35, Blake3TestVectors.Instance.Cases.Count);
        Assert.All(Blake3TestVectors.Instance.Cases, c => Assert.Equal(131, c.Hash.Length));
    }

    private static void AssertAllModes(Blake3Path path)
    {
        using var scope = new Blake3PathScope(path);
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            var output = new byte[c.Hash.Length];

            Hasher.Hash(input, output);
            AssertHex(c.Hash, output, c.InputLength, "hash one-shot XOF");
            AssertHex(c.Hash.AsSpan(0, 32), Hasher.Hash(input).AsSpan(), c.InputLength, "hash one-shot");

            Hasher hasher = Hasher.New();
            hasher.Update(input);
            AssertHex(c.Hash.AsSpan(0, 32), hasher.Finalize().AsSpan(), c.InputLength, "hash incremental");
            hasher.Finalize(output);
            AssertHex(c.Hash, output, c.InputLength, "hash incremental XOF");

            Hasher keyed = Hasher.NewKeyed(vectors.Key);
            keyed.Update(input);
            keyed.Finalize(output);
            AssertHex(c.KeyedHash, output, c.InputLength, "keyed_hash");
            AssertHex(c.KeyedHash.AsSpan(0, 32), keyed.Finalize().AsSpan(), c.InputLength, "keyed_hash 32");

            Hasher derive = Hasher.NewDeriveKey(vectors.Context);
            derive.Update(input);
            derive.Finalize(output);
            AssertHex(c.DeriveKey, output, c.InputLength, "derive_key");

            Hasher.DeriveKey(vectors.Context, input, output);
            AssertHex(c.DeriveKey, output, c.InputLength, "derive_key one-shot");
        }
    }

    private static void AssertXofOffsets(Blake3Path path)
    {
        using var scope = new Blake3PathScope(path);
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            Hasher hasher = Hasher.New();
            hasher.Update(input);
            Hasher keyed = Hasher.NewKeyed(vectors.Key);
            keyed.Update(input);
            Hasher derive = Hasher.NewDeriveKey(System.Text.Encoding.UTF8.GetBytes(vectors.Context));
            derive.Update(input);
            foreach (ulong offset in XofOffsets)
            {
                int length = c.Hash.Length - (int)offset;
                var output = new byte[length];
                hasher.FinalizeXof(offset, output);
                AssertHex(c.Hash.AsSpan((int)offset), output, c.InputLength, $"hash XOF at offset {offset}");
                keyed.FinalizeXof(offset, output);
                AssertHex(c.KeyedHash.AsSpan((int)offset), output, c.InputLength, $"keyed XOF at offset {offset}");
                derive.FinalizeXof(offset, output.AsSpan(0, Math.Min(length, 7)));
                AssertHex(c.DeriveKey.AsSpan((int)offset, Math.Min(length, 7)), output.AsSpan(0, Math.Min(length, 7)), c.InputLength, $"derive XOF at offset {offset}");
            }
        }
    }

    private static void AssertIncremental(Blake3Path path)
    {
        using var scope = new Blake3PathScope(path);
        var random = new Random(20261121);
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            Hasher hasher = Hasher.NewKeyed(vectors.Key);
            for (int round = 0; round < 3; round++)
            {
                hasher.Reset();
                int position = 0;
                while (position < input.Length)
                {
                    int piece = random.Next(4) switch
                    {
                        0 => random.Next(1, 65),
                        1 => random.Next(1, 1100),
                        2 => random.Next(1, 9000),
                        _ => random.Next(1, input.Length + 1),
                    };
                    piece = Math.Min(piece, input.Length - position);
                    hasher.Update(input.AsSpan(position, piece));
                    position += piece;
                }

                var output = new byte[c.KeyedHash.Length];
                hasher.Finalize(output);
                AssertHex(c.KeyedHash, output, c.InputLength, $"keyed hash in random pieces, round {round}");
            }
        }
    }

    private static void AssertHex(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, int inputLength, string what) =>
        Assert.True(
            expected.SequenceEqual(actual),
            $"{what}, input length {inputLength}: expected {Convert.ToHexStringLower(expected)}, got {Convert.ToHexStringLower(actual)}");
}
