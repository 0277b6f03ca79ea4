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

        Assert.True(ShardMerkleTree.Verify(root, data.Length, proof));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Leaf = leaf }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Siblings = siblings }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { LeafIndex = 2 }));
        Assert.False(ShardMerkleTree.Verify(root, data.Length + 1, ShardMerkleTree.Prove(data, 9)));
        Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Siblings = siblings[..^1] }));
    }

    [Fact]
    public void Verify_AnySiblingFlippedInAnyBit_Fails()
    {
        var data = new byte[20 * 512];
        new Random(7).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var proof = ShardMerkleTree.Prove(data, 13);

        Assert.True(ShardMerkleTree.Verify(root, data.Length, proof));
        Assert.Equal(5, proof.Siblings.Count);
        for (var s = 0; s < proof.Siblings.Count; s++)
        {
            foreach (var bit in new[] { 0, 77, 255 })
            {
                var siblings = proof.Siblings.ToArray();
                siblings[s] = siblings[s].FlipBit(bit);
                Assert.False(ShardMerkleTree.Verify(root, data.Length, proof with { Siblings = siblings }), $"sibling {s}, bit {bit}");
            }
        }
    }

    [Fact]
    public void Verify_ProofUnderAnyOtherIndex_Fails()
    {
        var data = new byte[20 * 512];
        new Random(8).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var proof = ShardMerkleTree.Prove(data, 13);

        for (long index = -1; index <= 20; index++)
        {
            Assert.Equal(index == 13, ShardMerkleTree.Verify(root, data.Length, proof with { LeafIndex = index }));
        }
    }

    [Fact]
    public void Verify_SizeWithOtherTreeShapeOrLastLeafLength_Fails()
    {
        var data = new byte[5000];
        new Random(9).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var inner = ShardMerkleTree.Prove(data, 3);
        var last = ShardMerkleTree.Prove(data, 9);

        Assert.True(ShardMerkleTree.Verify(root, data.Length, inner));
        Assert.True(ShardMerkleTree.Verify(root, data.Length, last));
        // 4 leaves: leaf 3 is the last and 512 bytes long, as claimed, but its path has 2 levels, not 4.
        Assert.False(ShardMerkleTree.Verify(root, 4 * 512, inner));
        // 5 leaves: leaf 3's path has 3 levels; the proof carries 4 siblings.
        Assert.False(ShardMerkleTree.Verify(root, 5 * 512, inner));
        // Same leaf count, but the last leaf would be 393 or 391 bytes, not 392.
        Assert.False(ShardMerkleTree.Verify(root, data.Length + 1, last));
        Assert.False(ShardMerkleTree.Verify(root, data.Length - 1, last));
        // Leaf index beyond the claimed count.
        Assert.False(ShardMerkleTree.Verify(root, 3 * 512, inner));
    }

    [Fact]
    public void Leaves_AreBlake3OfOneZeroBytePrefixAndBlock_AsDocumented()
    {
        // docs/economics.md: leaf = BLAKE3(0x00 || block), parent = BLAKE3(0x01 || left || right).
        // (Before the move to the Blake3 package the leaf prefix was four zero bytes: Update([0])
        // bound to the generic Update<int> overload.)
        var data = new byte[2 * ShardMerkleTree.LeafSize];
        new Random(3).NextBytes(data);
        byte[] block0 = data[..ShardMerkleTree.LeafSize];
        byte[] block1 = data[ShardMerkleTree.LeafSize..];

        Assert.Equal(Blake3([0, .. block0]), ShardMerkleTree.Prove(data, 1).Siblings.Single());
        Assert.Equal(Blake3([0, .. block1]), ShardMerkleTree.Prove(data, 0).Siblings.Single());
        Assert.Equal(Blake3([1, .. Concat(Blake3([0, .. block0]), Blake3([0, .. block1]))]), ShardMerkleTree.ComputeRoot(data));
    }

    [Fact]
    public void Verify_ParentPreimagePresentedAsLeaf_RejectedButWouldPassWithoutPrefixes()
    {
        // A real two-leaf shard: root = parent(L, R). Every proof reveals L and R; the attacker
        // presents the 64 bytes L || R as the single leaf of a 64-byte shard, to pass for the
        // parent node (here the root).
        var data = new byte[2 * ShardMerkleTree.LeafSize];
        new Random(2).NextBytes(data);
        var root = ShardMerkleTree.ComputeRoot(data);
        var left = ShardMerkleTree.Prove(data, 1).Siblings.Single();   // leaf hash of block 0
        var right = ShardMerkleTree.Prove(data, 0).Siblings.Single();  // leaf hash of block 1
        var forged = new MerkleProof(0, Concat(left, right), []);

        Assert.Equal(Blake3([1, .. Concat(left, right)]), root);
        Assert.False(ShardMerkleTree.Verify(root, 64, forged));
        Assert.NotEqual(root, ShardMerkleTree.ComputeRoot(forged.Leaf.Span));

        // The same construction without the 0x00 / 0x01 prefixes: the honest proof verifies, and so
        // does the forgery, a second preimage of the root (a different 64-byte "shard").
        var bareLeft = Blake3(data.AsSpan(0, ShardMerkleTree.LeafSize));
        var bareRight = Blake3(data.AsSpan(ShardMerkleTree.LeafSize));
        var bareRoot = Blake3(Concat(bareLeft, bareRight));
        Assert.True(BareVerify(bareRoot, data.Length, new MerkleProof(0, data.AsMemory(0, ShardMerkleTree.LeafSize), [bareRight])));
        Assert.True(BareVerify(bareRoot, 64, new MerkleProof(0, Concat(bareLeft, bareRight), [])));
    }

    [Fact]
    public async Task Responder_AnswersFitOneDatagram_ForOneMebibyteShard()
    {
        var data = new byte[1 << 20];
        new Random(3).NextBytes(data);
        var store = new MemoryShardStore();
        var id = Hash256.Random(new Random(4));
        store.Put(id, data);
        using var host = NodeSigners.CreateEcdsaP256FromSeed(5);
        var challenge = new AuditChallenge(Hash256.Random(new Random(6)), id, 1000, new byte[16]);

        var wire = (await new AuditResponder(host, store).RespondAsync(challenge, CancellationToken.None)).Encode();

        Assert.True(wire.Length <= 1000, $"{wire.Length} bytes");
        var back = AuditResponse.Decode(wire, challenge, host.PublicKey);
        Assert.True(back.VerifySignature(NodeSigners.EcdsaP256Verifier));
        Assert.True(ShardMerkleTree.Verify(ShardMerkleTree.ComputeRoot(data), data.Length, back.Proof!));

        // A host with a BLS holder key: 96-byte signature and the kind field, still one datagram.
        using var bls = Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey.KeyGen(new byte[32]);
        var blsWire = (await new AuditResponder(host, store, bls).RespondAsync(challenge, CancellationToken.None)).Encode();
        Assert.True(blsWire.Length <= 1000, $"{blsWire.Length} bytes");
        Assert.True(AuditResponse.Decode(blsWire, challenge, host.PublicKey).VerifyBls(bls.PublicKey));
    }

    private static Hash256 Blake3(ReadOnlySpan<byte> input) => Blake3Hashing.Compute(input);

    private static byte[] Concat(Hash256 left, Hash256 right)
    {
        var bytes = new byte[2 * Hash256.Size];
        left.WriteTo(bytes);
        right.WriteTo(bytes.AsSpan(Hash256.Size));
        return bytes;
    }

    /// <summary>ShardMerkleTree.Verify without the domain prefixes: leaf = BLAKE3(block), parent = BLAKE3(left || right).</summary>
    private static bool BareVerify(Hash256 root, long sizeBytes, MerkleProof proof)
    {
        var count = ShardMerkleTree.LeafCount(sizeBytes);
        var expectedLength = proof.LeafIndex == count - 1 ? sizeBytes - (proof.LeafIndex * ShardMerkleTree.LeafSize) : ShardMerkleTree.LeafSize;
        if (proof.LeafIndex < 0 || proof.LeafIndex >= count || proof.Leaf.Length != expectedLength)
        {
            return false;
        }

        var node = Blake3(proof.Leaf.Span);
        var (index, width, used) = (proof.LeafIndex, count, 0);
        for (; width > 1; index >>= 1, width = (width + 1) / 2)
        {
            if ((index ^ 1) < width)
            {
                if (used >= proof.Siblings.Count)
                {
                    return false;
                }

                node = (index & 1) == 0 ? Blake3(Concat(node, proof.Siblings[used])) : Blake3(Concat(proof.Siblings[used], node));
                used++;
            }
        }

        return used == proof.Siblings.Count && node == root;
    }
}
