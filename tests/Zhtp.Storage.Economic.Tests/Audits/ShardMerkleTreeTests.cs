namespace Zhtp.Storage.Economic.Tests.Audits;

public sealed class ShardMerkleTreeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(5000)]
    [InlineData(7 * 512)]
    [InlineData(256 * 1024)]
    public void Prove_EveryLeaf_VerifiesAgainstRoot(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var leaves = ShardMerkleTree.LeafCount(size);
        var step = Math.Max(1, leaves / 40);
        for (long i = 0; i < leaves; i += step)
        {
            Assert.True(ShardMerkleTree.Verify(root, size, ShardMerkleTree.Prove(data, i)));
        }

        Assert.True(ShardMerkleTree.Verify(root, size, ShardMerkleTree.Prove(data, leaves - 1)));
    }

    [Fact]
    public void Verify_TamperedLeafSiblingIndexOrSize_Fails()
    {
        var data = new byte[5000];
        new Random(1).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var proof = ShardMerkleTree.Prove(data, 3);
        var leaf = proof.Leaf.ToArray();
        leaf[7] ^= 1;
        var siblings = proof.Siblings.ToArray();
        siblings[1] = siblings[1].FlipBit(0);

        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Leaf = leaf }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Siblings = siblings }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { LeafIndex = 2 }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length + 1, ShardMerkleTree.Prove(data, 9)));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Siblings = siblings[..^1] }));
    }

    [Fact]
    public void ComputeRoot_LeafAndParentDomainsDiffer()
    {
        // A 64-byte shard whose content is two hashes must not have the root of the parent over them.
        var data = new byte[1024];
        new Random(2).NextBytes(data);
        var forged = new byte[64];
        ShardMerkleTree.Prove(data, 0).Leaf.Span[..0].CopyTo(forged);
        Assert.NotEqual(ShardMerkleTree.ComputeRoot(data), ShardMerkleTree.ComputeRoot(forged));
    }

    [Fact]
    public void Responder_AnswersFitOneDatagram_ForOneMebibyteShard()
    {
        var data = new byte[1 << 20];
        new Random(3).NextBytes(data);
        var store = new MemoryShardStore();
        var id = Hash256.Random(new Random(4));
        store.Put(id, data);
        using var host = NodeSigners.CreateEcdsaP256FromSeed(5);
        var challenge = new AuditChallenge(Hash256.Random(new Random(6)), id, 1000, new byte[16]);

        var wire = new AuditResponder(host, store).Respond(challenge).Encode();

        Assert.True(wire.Length <= 1000, $"{wire.Length} bytes");
        var back = AuditResponse.Decode(wire, challenge, host.PublicKey);
        Assert.True(back.VerifySignature(NodeSigners.EcdsaP256Verifier));
        Assert.True(ShardMerkleTree.Verify(ShardMerkleTree.ComputeRoot(data), data.Length, back.Proof!));
    }
}
