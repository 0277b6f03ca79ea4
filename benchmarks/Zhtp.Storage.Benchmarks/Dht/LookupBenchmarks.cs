using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Benchmarks.Dht;

/// <summary>One iterative FindNode lookup across an in-memory network of 200 nodes (full node stack: encode, sign, transport, verify, routing).</summary>
public class LookupBenchmarks
{
    private IReadOnlyList<IDhtNode> _nodes = null!;
    private DhtKey[] _targets = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var network = new InMemoryNetwork();
        _nodes = network.StartNodesAsync(200, new DhtConfig(), i => NodeSigners.CreateInsecureForSimulation(new Random(i))).GetAwaiter().GetResult();
        var random = new Random(3);
        _targets = Enumerable.Range(0, 256).Select(_ => new DhtKey(Hash256.Random(random))).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDhtNode node in _nodes)
        {
            node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>FindNode of a random key from node 0 (200 nodes, k = 20, α = 3).</summary>
    [Benchmark]
    public async Task<int> FindNode_InMemory200()
    {
        IReadOnlyList<Contact> closest = await _nodes[0].FindNodeAsync(_targets[_next++ & 255]);
        return closest.Count;
    }
}
