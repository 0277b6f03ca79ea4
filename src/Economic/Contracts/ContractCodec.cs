using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Contracts;

// Implementation notes
// Terms body: array [version 1, quote id, renter key, host key, shards [[id, size, root]...],
// tier, replication, starts (Unix ms), duration ticks, period ticks, value, fees, bonus (micro-tokens),
// sla [uptime ppm, max response ticks, integrity ppm, bandwidth ppm, quality ppm, audit ticks,
// penalties [[kind, share ppm, grace ticks, terminates]...]]]. Shares travel as parts per million
// (integers), never floats. Contract id = BLAKE3(domain || 0x00 || body). Encoding = array
// [body, renter signature, host signature].
internal static class ContractCodec
{
    internal const string Domain = "zhtp/economic/contract/v1";
    internal const int MaxShards = 1024;
    private const int Version = 1;
    private const int MaxKey = 256;
    private const int MaxSignature = 512;
    private const int MaxBody = 256 * 1024;

    internal static byte[] EncodeTerms(StorageContract c) => SignedEnvelope.Encode(c, WriteTerms);

    internal static Hash256 ContractId(StorageContract c) => Blake3Hashing.Compute(SignedEnvelope.SigningInput(Domain, EncodeTerms(c)));

    internal static byte[] Encode(StorageContract c) => SignedEnvelope.Encode(c, static (ref MessagePackWriter w, StorageContract v) =>
    {
        w.WriteArrayHeader(3);
        w.Write(EncodeTerms(v));
        w.Write(v.RenterSignature.Span);
        w.Write(v.HostSignature.Span);
    });

    internal static StorageContract Decode(ReadOnlyMemory<byte> encoded)
    {
        var outer = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref outer, 3, "contract");
        var body = SignedEnvelope.ReadBytes(ref outer, MaxBody, "contract terms");
        var renterSig = SignedEnvelope.ReadBytes(ref outer, MaxSignature, "renter signature");
        var hostSig = SignedEnvelope.ReadBytes(ref outer, MaxSignature, "host signature");
        var r = new MessagePackReader(body);
        SignedEnvelope.ExpectArray(ref r, 14, "contract terms");
        if (r.ReadInt32() != Version)
        {
            throw new MessagePackSerializationException($"contract: unknown version; this library reads version {Version}.");
        }

        var quoteId = SignedEnvelope.ReadHash(ref r, "quote id");
        var renter = SignedEnvelope.ReadBytes(ref r, MaxKey, "renter key");
        var host = SignedEnvelope.ReadBytes(ref r, MaxKey, "host key");
        var shardCount = r.ReadArrayHeader();
        if (shardCount > MaxShards)
        {
            throw new MessagePackSerializationException($"contract: {shardCount} shards exceed the limit of {MaxShards}.");
        }

        var shards = new ShardTerms[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            SignedEnvelope.ExpectArray(ref r, 3, "shard");
            shards[i] = new ShardTerms(SignedEnvelope.ReadHash(ref r, "shard id"), r.ReadInt64(), SignedEnvelope.ReadHash(ref r, "merkle root"));
            if (shards[i].SizeBytes <= 0)
            {
                throw new MessagePackSerializationException($"contract: shard {i} has size {shards[i].SizeBytes}; every shard's size must be positive.");
            }
        }

        var tier = (StorageTier)r.ReadInt32();
        var replication = r.ReadInt32();
        var starts = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
        var duration = TimeSpan.FromTicks(r.ReadInt64());
        var period = TimeSpan.FromTicks(r.ReadInt64());
        var value = new TokenAmount(r.ReadInt64());
        var fees = new TokenAmount(r.ReadInt64());
        var bonus = new TokenAmount(r.ReadInt64());
        var sla = ReadSla(ref r);
        return new StorageContract
        {
            QuoteId = quoteId,
            RenterKey = renter,
            HostKey = host,
            Shards = shards,
            Tier = tier,
            Replication = replication,
            StartsAt = starts,
            Duration = duration,
            BillingPeriod = period,
            Value = value,
            Fees = fees,
            MaxPerformanceBonus = bonus,
            Sla = sla,
            RenterSignature = renterSig,
            HostSignature = hostSig,
        };
    }

    internal static long Ppm(decimal share) => decimal.ToInt64(decimal.Round(share * 1_000_000m, 0, MidpointRounding.AwayFromZero));

    private static SlaTerms ReadSla(ref MessagePackReader r)
    {
        SignedEnvelope.ExpectArray(ref r, 7, "sla");
        var uptime = r.ReadInt64() / 1_000_000m;
        var response = TimeSpan.FromTicks(r.ReadInt64());
        var integrity = r.ReadInt64() / 1_000_000m;
        var bandwidth = r.ReadInt64() / 1_000_000m;
        var quality = r.ReadInt64() / 1_000_000m;
        var audit = TimeSpan.FromTicks(r.ReadInt64());
        var count = r.ReadArrayHeader();
        if (count > 16)
        {
            throw new MessagePackSerializationException($"sla: {count} penalty clauses exceed the limit of 16.");
        }

        var penalties = new PenaltyClause[count];
        for (var i = 0; i < count; i++)
        {
            SignedEnvelope.ExpectArray(ref r, 4, "penalty clause");
            penalties[i] = new PenaltyClause((ViolationKind)r.ReadInt32(), r.ReadInt64() / 1_000_000m, TimeSpan.FromTicks(r.ReadInt64()), r.ReadBoolean());
        }

        return new SlaTerms
        {
            MinUptime = uptime,
            MaxResponseTime = response,
            MinIntegrity = integrity,
            MinBandwidthShare = bandwidth,
            MinQualityScore = quality,
            AuditInterval = audit,
            Penalties = penalties,
        };
    }

    private static void WriteTerms(ref MessagePackWriter w, StorageContract c)
    {
        w.WriteArrayHeader(14);
        w.Write(Version);
        SignedEnvelope.WriteHash(ref w, c.QuoteId);
        w.Write(c.RenterKey.Span);
        w.Write(c.HostKey.Span);
        w.WriteArrayHeader(c.Shards.Count);
        foreach (var shard in c.Shards)
        {
            w.WriteArrayHeader(3);
            SignedEnvelope.WriteHash(ref w, shard.ShardId);
            w.Write(shard.SizeBytes);
            SignedEnvelope.WriteHash(ref w, shard.MerkleRoot);
        }

        w.Write((int)c.Tier);
        w.Write(c.Replication);
        w.Write(c.StartsAt.ToUnixTimeMilliseconds());
        w.Write(c.Duration.Ticks);
        w.Write(c.BillingPeriod.Ticks);
        w.Write(c.Value.Micros);
        w.Write(c.Fees.Micros);
        w.Write(c.MaxPerformanceBonus.Micros);
        var sla = c.Sla;
        w.WriteArrayHeader(7);
        w.Write(Ppm(sla.MinUptime));
        w.Write(sla.MaxResponseTime.Ticks);
        w.Write(Ppm(sla.MinIntegrity));
        w.Write(Ppm(sla.MinBandwidthShare));
        w.Write(Ppm(sla.MinQualityScore));
        w.Write(sla.AuditInterval.Ticks);
        w.WriteArrayHeader(sla.Penalties.Count);
        foreach (var p in sla.Penalties)
        {
            w.WriteArrayHeader(4);
            w.Write((int)p.Kind);
            w.Write(Ppm(p.ShareOfValue));
            w.Write(p.GracePeriod.Ticks);
            w.Write(p.TerminatesContract);
        }
    }
}
