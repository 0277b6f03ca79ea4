using Zhtp.Storage.Types;

namespace Zhtp.Storage.Types.Tests.Identifiers;

public sealed class StrongIdentifierTests
{
    [Fact]
    public void Identifiers_OfDifferentKinds_AreDifferentTypes()
    {
        // The point of the strong types: no implicit conversion between kinds.
        Assert.False(typeof(NodeId).IsAssignableFrom(typeof(ContentHash)));
        foreach (var (from, to) in new[] { (typeof(NodeId), typeof(DhtKey)), (typeof(ContentHash), typeof(DhtKey)), (typeof(DhtKey), typeof(NodeId)), (typeof(ContentHash), typeof(NodeId)) })
        {
            Assert.DoesNotContain(to.GetMethods(), m => m.Name is "op_Implicit" or "op_Explicit" && m.GetParameters()[0].ParameterType == from);
            Assert.DoesNotContain(from.GetMethods(), m => m.Name is "op_Implicit" or "op_Explicit" && m.ReturnType == to);
        }
    }

    [Fact]
    public void DhtKey_FromContent_KeepsTheValue()
    {
        var h = new ContentHash(Hash256.Random(new Random(1)));
        Assert.Equal(h.Value, DhtKey.FromContent(h).Value);
    }

    [Fact]
    public void NodeId_DistanceTo_IsXor()
    {
        var random = new Random(2);
        var node = new NodeId(Hash256.Random(random));
        var key = new DhtKey(Hash256.Random(random));
        Assert.Equal(node.Value ^ key.Value, node.DistanceTo(key));
    }

    [Fact]
    public void Parse_BadNodeId_NamesTheType()
    {
        var ex = Assert.Throws<FormatException>(() => NodeId.Parse("xyz"));
        Assert.Contains("NodeId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got 3 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentHash_RoundTripsAndCompares()
    {
        var random = new Random(5);
        var a = new ContentHash(Hash256.Random(random));
        var b = new ContentHash(Hash256.Random(random));
        Assert.Equal(a, ContentHash.Parse(a.ToString()));
        Assert.Equal(a, ContentHash.Parse(a.ToString("b", null)));
        Assert.Equal(a.Value.CompareTo(b.Value), a.CompareTo(b));
        Assert.True(ContentHash.TryParse(b.ToString(), out var parsed) && parsed == b);
    }
}
