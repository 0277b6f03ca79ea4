using Blake3;

namespace Zhtp.Storage.Types.Tests.Hashing;

/// <summary>
/// Every official BLAKE3 vector, in every mode, through what we call: the <c>Blake3</c> package
/// directly (one-shot, incremental, XOF from any offset) and our <see cref="Blake3Hashing"/> helper.
/// </summary>
public sealed class Blake3VectorTests
{
    private static readonly ulong[] XofOffsets = [0, 1, 31, 32, 63, 64, 65, 100, 127, 128, 130];

    [Fact]
    public void Vectors_File_HasEveryOfficialCase()
    {
        Assert.Equal(35, Blake3TestVectors.Instance.Cases.Count);
        Assert.All(Blake3TestVectors.Instance.Cases, c => Assert.Equal(131, c.Hash.Length));
    }

    [Fact]
    public void Package_EveryVector_AllModesMatch()
    {
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            var output = new byte[c.Hash.Length];

            Hasher.Hash(input, output);
            AssertHex(c.Hash, output, c.InputLength, "hash one-shot XOF");
            AssertHex(c.Hash.AsSpan(0, 32), Hasher.Hash(input).AsSpan(), c.InputLength, "hash one-shot");

            using Hasher hasher = Hasher.New();
            hasher.Update(input);
            AssertHex(c.Hash.AsSpan(0, 32), hasher.Finalize().AsSpan(), c.InputLength, "hash incremental");
            hasher.Finalize(output);
            AssertHex(c.Hash, output, c.InputLength, "hash incremental XOF");

            using Hasher keyed = Hasher.NewKeyed(vectors.Key);
            keyed.Update(input);
            keyed.Finalize(output);
            AssertHex(c.KeyedHash, output, c.InputLength, "keyed_hash");

            using Hasher derive = Hasher.NewDeriveKey(vectors.Context);
            derive.Update(input);
            derive.Finalize(output);
            AssertHex(c.DeriveKey, output, c.InputLength, "derive_key");
        }
    }

    [Fact]
    public void Package_EveryVector_XofFromEveryOffsetMatches()
    {
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            using Hasher hasher = Hasher.New();
            hasher.Update(input);
            using Hasher keyed = Hasher.NewKeyed(vectors.Key);
            keyed.Update(input);
            using Hasher derive = Hasher.NewDeriveKey(System.Text.Encoding.UTF8.GetBytes(vectors.Context));
            derive.Update(input);
            foreach (ulong offset in XofOffsets)
            {
                int length = c.Hash.Length - (int)offset;
                var output = new byte[length];
                hasher.Finalize(offset, output);
                AssertHex(c.Hash.AsSpan((int)offset), output, c.InputLength, $"hash XOF at offset {offset}");
                keyed.Finalize(offset, output);
                AssertHex(c.KeyedHash.AsSpan((int)offset), output, c.InputLength, $"keyed XOF at offset {offset}");
                derive.Finalize(offset, output);
                AssertHex(c.DeriveKey.AsSpan((int)offset), output, c.InputLength, $"derive XOF at offset {offset}");
            }
        }
    }

    [Fact]
    public void Package_RandomPiecesAndReset_MatchVectors()
    {
        var random = new Random(20261121);
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            using Hasher hasher = Hasher.NewKeyed(vectors.Key);
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

    [Fact]
    public void Blake3Hashing_EveryVector_AllModesMatch()
    {
        Blake3TestVectors vectors = Blake3TestVectors.Instance;
        foreach (Blake3VectorCase c in vectors.Cases)
        {
            byte[] input = Blake3TestVectors.Input(c.InputLength);
            byte[] bytes = new byte[32];

            Blake3Hashing.Compute(input).WriteTo(bytes);
            AssertHex(c.Hash.AsSpan(0, 32), bytes, c.InputLength, "Compute");

            int split = c.InputLength / 3;
            Blake3Hashing.Compute(input.AsSpan(0, split), input.AsSpan(split)).WriteTo(bytes);
            AssertHex(c.Hash.AsSpan(0, 32), bytes, c.InputLength, "Compute of two parts");

            Blake3Hashing.KeyedHash(vectors.Key, input, bytes);
            AssertHex(c.KeyedHash.AsSpan(0, 32), bytes, c.InputLength, "KeyedHash");

            var derived = new byte[c.DeriveKey.Length];
            Blake3Hashing.DeriveKey(vectors.Context, input, derived);
            AssertHex(c.DeriveKey, derived, c.InputLength, "DeriveKey");

            Hasher.Hash(input).ToHash256().WriteTo(bytes);
            AssertHex(c.Hash.AsSpan(0, 32), bytes, c.InputLength, "ToHash256");
            Assert.Equal(Blake3Hashing.Compute(input), ContentHash.Of(input).Value);
        }
    }

    private static void AssertHex(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, int inputLength, string what) =>
        Assert.True(
            expected.SequenceEqual(actual),
            $"{what}, input length {inputLength}: expected {Convert.ToHexStringLower(expected)}, got {Convert.ToHexStringLower(actual)}");
}
