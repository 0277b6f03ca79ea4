using System.Net;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests;

/// <summary>Helpers to build ids and contacts with a chosen common prefix.</summary>
internal static class TestIds
{
    public static NodeId Random(Random random) => new(Hash256.Random(random));

    /// <summary>An id sharing exactly <paramref name="prefix"/> leading bits with <paramref name="self"/>.</summary>
    public static NodeId WithPrefix(NodeId self, int prefix, Random random)
    {
        Hash256 noise = Hash256.Random(random);
        Span<byte> bytes = stackalloc byte[32];
        Span<byte> own = stackalloc byte[32];
        noise.WriteTo(bytes);
        self.WriteTo(own);
        for (int bit = 0; bit < prefix; bit++)
        {
            int mask = 0x80 >> (bit & 7);
            bytes[bit >> 3] = (byte)((bytes[bit >> 3] & ~mask) | (own[bit >> 3] & mask));
        }

        int flip = 0x80 >> (prefix & 7);
        bytes[prefix >> 3] = (byte)((bytes[prefix >> 3] & ~flip) | (~own[prefix >> 3] & flip));
        return new NodeId(bytes);
    }

    public static Contact Contact(NodeId id, int index) =>
        new(id, new IPEndPoint(new IPAddress([10, (byte)(index >> 8), (byte)index, 1]), 4000));

    public static Contact Contact(NodeId id, string address) => new(id, new IPEndPoint(IPAddress.Parse(address), 4000));

    /// <summary>A random lookup target and <paramref name="count"/> random contacts ordered by their distance to it, closest first.</summary>
    public static (DhtKey Target, List<Contact> Ordered) OrderedNetwork(Random random, int count)
    {
        var target = new DhtKey(Hash256.Random(random));
        List<Contact> ordered = Enumerable.Range(0, count)
            .Select(i => Contact(Random(random), i))
            .OrderBy(c => c.Id.Value.Xor(target.Value))
            .ToList();
        return (target, ordered);
    }
}
