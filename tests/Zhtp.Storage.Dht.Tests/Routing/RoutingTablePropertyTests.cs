using FsCheck;
using FsCheck.Fluent;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Routing;

public sealed class RoutingTablePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(1UL, 3UL);

    private static Arbitrary<Hash256> Hashes => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32).Select(b => new Hash256(b)).ToArbitrary();

    [Fact]
    public void XorMetric_SatisfiesIdentitySymmetryAndTriangleInequality()
    {
        Prop.ForAll(Hashes, Hashes, Hashes, (a, b, c) =>
        {
            bool identity = a.Xor(a).IsZero && (a.Xor(b).IsZero == (a == b));
            bool symmetry = a.Xor(b) == b.Xor(a);
            // XOR distance: d(a,c) = d(a,b) ^ d(b,c) <= d(a,b) + d(b,c), checked on the top 64 bits with carry-safe compare.
            UInt128 ab = Top(a.Xor(b));
            UInt128 bc = Top(b.Xor(c));
            bool triangle = Top(a.Xor(c)) <= ab + bc;
            bool unidirectional = a.Xor(b) == a.Xor(c) == (b == c);
            return identity && symmetry && triangle && unidirectional;
        }).Check(Runs);
    }

    [Fact]
    public void RandomUpdatesAndFailures_KeepBucketInvariants()
    {
        Gen<int[]> operations = Gen.ArrayOf(Gen.Choose(0, 999), 300);
        Prop.ForAll(operations.ToArbitrary(), ops =>
        {
            var random = new Random(ops.Length == 0 ? 0 : ops[0]);
            var self = new NodeId(Hash256.Random(random));
            var config = new DhtConfig { K = 5, StaleAfterFailures = 2 };
            var table = new RoutingTable(self, config);
            var known = new List<Contact>();
            DateTimeOffset now = DateTimeOffset.UnixEpoch;
            foreach (int op in ops)
            {
                now = now.AddSeconds(1);
                if (op % 4 == 0 && known.Count > 0)
                {
                    table.RecordFailure(known[op % known.Count].Id, now);
                    continue;
                }

                if (op % 4 == 1 && known.Count > 0)
                {
                    UpdateResult again = table.Update(known[op % known.Count], now);
                    if (again.PingCandidate is { } c)
                    {
                        table.OnPingResult(c.Id, op % 8 == 1, now);
                    }

                    continue;
                }

                var id = new NodeId(Hash256.Random(random));
                Contact contact = TestIds.Contact(id, op);
                known.Add(contact);
                UpdateResult result = table.Update(contact, now);
                if (result.PingCandidate is { } candidate)
                {
                    table.OnPingResult(candidate.Id, op % 3 == 0, now);
                }
            }

            int total = 0;
            for (int i = 0; i < Hash256.Bits; i++)
            {
                IReadOnlyList<RoutingEntry> bucket = table.Bucket(i);
                total += bucket.Count;
                bool sized = bucket.Count <= config.K && table.Replacements(i).Count <= config.K;
                bool placed = bucket.All(e => table.BucketIndex(e.Contact.Id) == i);
                bool unique = bucket.Select(e => e.Contact.Id).Distinct().Count() == bucket.Count;
                bool ordered = bucket.Zip(bucket.Skip(1)).All(p => p.First.LastSeen <= p.Second.LastSeen);
                if (!(sized && placed && unique && ordered))
                {
                    return false;
                }
            }

            return total == table.Count && !table.Entries().Any(e => e.Contact.Id == self);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(50).WithReplay(3UL, 5UL));
    }

    [Fact]
    public void Closest_AlwaysSortedAndBounded()
    {
        Prop.ForAll(Hashes, Gen.Choose(1, 40).ToArbitrary(), (target, count) =>
        {
            var random = new Random(count);
            var table = new RoutingTable(new NodeId(Hash256.Random(random)), new DhtConfig());
            for (int i = 0; i < 200; i++)
            {
                table.Update(TestIds.Contact(new NodeId(Hash256.Random(random)), i), DateTimeOffset.UnixEpoch);
            }

            List<Contact> closest = table.Closest(new DhtKey(target), count);
            return closest.Count == Math.Min(count, table.Count)
                && closest.Zip(closest.Skip(1)).All(p => p.First.Id.Value.Xor(target) < p.Second.Id.Value.Xor(target));
        }).Check(Runs);
    }

    private static UInt128 Top(Hash256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        value.WriteTo(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
