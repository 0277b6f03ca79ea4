using System.Buffers.Binary;
using System.Diagnostics;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// The "shard transfer" stage of <c>zhtp bench content</c>: as many shards of the same size as the upload stored
/// (its stored bytes divided by its shard count), sent from the writer node to the same holders in the same
/// round-robin order with the content manager's parallelism, over the bulk channel into the holders' stores —
/// no compression, encryption, erasure coding or manifest. What moving and storing the shards costs alone.
/// </summary>
internal static class ShardTransferStage
{
    /// <summary>Sends the shards and returns how long it took; the shard keys are hashed before the clock starts.</summary>
    public static async Task<TimeSpan> RunAsync(IReadOnlyList<IDhtNode> nodes, int shards, long storedBytes, int parallel, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        int shardLength = (int)Math.Max(16, storedBytes / shards);
        Contact[] holders = nodes.Select(n => n.Self).ToArray();
        IDhtNode writer = nodes[0];

        // Shards look like the upload's (sealed, so random bytes); each is made distinct by its number in the
        // first 8 bytes and a per-run tag in the next 8, so no holder already has one.
        byte[] template = new byte[shardLength];
        GeneratedContentStream.Fill(template, random: true, seed: 4242);
        long tag = Stopwatch.GetTimestamp();
        var keys = new DhtKey[shards];
        byte[] scratch = (byte[])template.Clone();
        for (int i = 0; i < shards; i++)
        {
            Stamp(scratch, i, tag);
            keys[i] = new DhtKey(Blake3Hashing.Compute(scratch));
        }

        int next = -1;
        int failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            byte[] buffer = (byte[])template.Clone();
            int i;
            while ((i = Interlocked.Increment(ref next)) < shards)
            {
                Stamp(buffer, i, tag);
                DhtErrorCode code = await writer.StoreAtWithKeyAsync(holders[i % holders.Length], keys[i], buffer, TimeSpan.FromHours(1), cancellationToken).ConfigureAwait(false);
                if (code != DhtErrorCode.None)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ConfigureAwait(false);
        TimeSpan elapsed = clock.Elapsed;
        return failures == 0
            ? elapsed
            : throw new InvalidOperationException($"The shard transfer stage could not store {failures} of {shards} shards; the cluster is unhealthy, so its figure would be meaningless.");
    }

    private static void Stamp(byte[] shard, int number, long tag)
    {
        BinaryPrimitives.WriteInt64LittleEndian(shard, number);
        BinaryPrimitives.WriteInt64LittleEndian(shard.AsSpan(8), tag);
    }
}
