namespace Zhtp.Storage.Erasure.Tests.Codec;

public sealed class EncodeTests
{
    [Theory]
    [InlineData(4, 2, "693c4efeccf157d0451272be7580a0e678af1e32695960ae876a1a10640b1bd10b5e390b39dade59 0853f084b887e5f1f2f605df4754051d40337e5b813c46257ac4f1f60fdf931cdb80a20d31d01004")]
    [InlineData(10, 4, "6c6db1111a8c0ec760df9c2e69b3f0e67cf591366c8aa1f2f7c552e021e1c32ee209b767dc9344e1 b7a8db94967a5b3cc43fd27f2075d4154ee10b3b446895a15dfc99364d17dfe072d40be250ae86f0 c1b890d925fd17953cd6fe90885451ae6e01f8954d6a2db1d08654af17c610d4c26e98a9c907e1ca 48f552d3a352beb9447cd13ec9be7e281b1da9da9c25866dec0034e0489c661eaf72d4d33f815cd7")]
    [InlineData(17, 3, "d4903e1be546824478115e76ff4ab73882e4d17698e40536c3674de575565e0cc7a24126e2f53894 ba7ce6fd178a35b8bf7c974f13d386d50afddff08292c279b6ef4ac2a4531ee6a0dec69583230c8d b10ea3b11bcefae58414ab29e9cd1314cbd8969d49d1935d5692c99181ae598d9f7ef899c058544c")]
    public void Encode_IsaLVector_MatchesIsaLCauchy1Parity(int k, int m, string expectedParityHex)
    {
        // Parity produced by ISA-L 2.30 (gf_gen_cauchy1_matrix + ec_encode_data) for 40-byte shards
        // with data[i][j] = (i·37 + j·11 + 1) mod 256.
        var codec = ReedSolomon.Create(k, m);
        var shards = new byte[k + m][];
        for (int i = 0; i < k + m; i++)
        {
            shards[i] = new byte[40];
            for (int j = 0; j < 40 && i < k; j++)
            {
                shards[i][j] = (byte)((i * 37) + (j * 11) + 1);
            }
        }

        codec.Encode(shards);
        string actual = string.Join(' ', shards.Skip(k).Select(Convert.ToHexStringLower));
        Assert.Equal(expectedParityHex, actual);
    }

    [Fact]
    public void Encode_MemoryOverload_MatchesArrayOverload()
    {
        var codec = ReedSolomon.Create(5, 3);
        var stripe = CodecTestData.EncodedStripe(codec, 999, seed: 1);
        var data = stripe.Take(5).Select(s => new ReadOnlyMemory<byte>(s)).ToArray();
        var parity = Enumerable.Range(0, 3).Select(_ => new Memory<byte>(new byte[999])).ToArray();
        codec.Encode(data, parity);
        for (int p = 0; p < 3; p++)
        {
            Assert.True(parity[p].Span.SequenceEqual(stripe[5 + p]));
        }
    }

    [Fact]
    public void Encode_SlicesOfOneBuffer_WorkLikeSeparateArrays()
    {
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 128, seed: 2);
        var buffer = new byte[6 * 128 + 3];
        for (int i = 0; i < 4; i++)
        {
            stripe[i].CopyTo(buffer, 3 + (i * 128));
        }

        var data = Enumerable.Range(0, 4).Select(i => new ReadOnlyMemory<byte>(buffer, 3 + (i * 128), 128)).ToArray();
        var parity = Enumerable.Range(4, 2).Select(i => new Memory<byte>(buffer, 3 + (i * 128), 128)).ToArray();
        codec.Encode(data, parity);
        Assert.True(parity[0].Span.SequenceEqual(stripe[4]));
        Assert.True(parity[1].Span.SequenceEqual(stripe[5]));
    }

    [Fact]
    public void Encode_EmptyShards_DoesNothing()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(_ => Array.Empty<byte>()).ToArray();
        codec.Encode(shards);
        Assert.True(codec.Verify(shards));
    }

    [Fact]
    public void Verify_IntactStripe_ReturnsTrue()
    {
        var codec = ReedSolomon.Create(6, 3);
        var stripe = CodecTestData.EncodedStripe(codec, 40_000, seed: 3);
        Assert.True(codec.Verify(stripe));
        Assert.True(codec.Verify(stripe.Select(s => new ReadOnlyMemory<byte>(s)).ToArray()));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 39_999)]
    [InlineData(8, 20_000)]
    public void Verify_OneFlippedBit_ReturnsFalse(int shard, int offset)
    {
        var codec = ReedSolomon.Create(6, 3);
        var stripe = CodecTestData.EncodedStripe(codec, 40_000, seed: 4);
        stripe[shard][offset] ^= 0x10;
        Assert.False(codec.Verify(stripe));
    }

    [Fact]
    public void Create_ErasureConfig_UsesItsShape()
    {
        var codec = ReedSolomon.Create(new Zhtp.Storage.Types.ErasureConfig { DataShards = 6, ParityShards = 3 });
        Assert.Equal(6, codec.DataShards);
        Assert.Equal(3, codec.ParityShards);
        Assert.Equal(9, codec.TotalShards);
        Assert.Equal("RS(6+3)", codec.ToString());
    }
}
