using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Benchmarks.Dht;

/// <summary>Closest-k selection in a routing table filled from a 10,000-node id space.</summary>
public class RoutingBenchmarks
{
    private readonly List<Contact> _destination = new(20);
    private RoutingTable _table = null!;
    private DhtKey[] _targets = null!;
    private int _next;

    /// <summary>Contacts offered to the table (it keeps what its buckets allow).</summary>
    [Params(10_000)]
    public int Offered { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _table = new RoutingTable(new NodeId(Hash256.Random(random)), new DhtConfig());
        for (int i = 0; i < Offered; i++)
        {
            var address = new System.Net.IPAddress([10, (byte)(i >> 8), (byte)i, 1]);
            _table.Update(new Contact(new NodeId(Hash256.Random(random)), new System.Net.IPEndPoint(address, 4000)), DateTimeOffset.UnixEpoch);
        }

        _targets = Enumerable.Range(0, 1024).Select(_ => new DhtKey(Hash256.Random(random))).ToArray();
    }

    /// <summary>The 20 closest contacts to a random key.</summary>
    [Benchmark]
    public int Closest_K20()
    {
        _table.Closest(_targets[_next++ & 1023], 20, _destination);
        return _destination.Count;
    }
}
