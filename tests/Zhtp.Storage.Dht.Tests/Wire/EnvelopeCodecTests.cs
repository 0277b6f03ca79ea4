using System.Net;
using Xunit.Abstractions;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

public sealed class EnvelopeCodecTests(ITestOutputHelper output)
{
    private static readonly INodeSigner Signer = NodeSigners.CreateEcdsaP256();

    [Fact]
    public void Encode_ThenParse_RoundTripsEveryField()
    {
        NodeId id = NodeId.FromPublicKey(Signer.PublicKey.Span);
        var key = new DhtKey(Hash256.Random(new Random(1)));
        byte[] datagram = EnvelopeCodec.Encode(MessageType.FindNode, 0x0123456789abcdef, id, Signer, 1_763_700_000_000, new KeyBody(key));
        output.WriteLine(Convert.ToHexStringLower(datagram));

        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(datagram, out EnvelopeView view));
        Assert.Equal(MessageType.FindNode, view.Type);
        Assert.Equal(0x0123456789abcdefUL, view.RequestId);
        Assert.Equal(id, view.SenderId);
        Assert.Equal(EcdsaAlgorithm, view.Algorithm);
        Assert.True(view.SenderKey.SequenceEqual(Signer.PublicKey.Span));
        Assert.Equal(1_763_700_000_000, view.TimestampMs);
        Assert.Equal(key, KeyBody.Read(view.Body).Key);
        Assert.True(Signer.Verify(view.SenderKey, view.Signed, view.Signature));
        Assert.Equal(0x99, datagram[0]);
        Assert.True(datagram.Length < 300);
    }

    [Fact]
    public void NodesBody_TwentyIpv6Contacts_FitsDefaultDatagram()
    {
        var random = new Random(2);
        var contacts = Enumerable.Range(0, 20).Select(i => new Contact(new NodeId(Hash256.Random(random)), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 65535))).ToList();
        byte[] datagram = EnvelopeCodec.Encode(MessageType.Nodes, 1, NodeId.FromPublicKey(Signer.PublicKey.Span), Signer, 0, new NodesBody(contacts));

        Assert.True(datagram.Length <= new DhtConfig().MaxDatagramSize, $"{datagram.Length} bytes");
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(datagram, out EnvelopeView view));
        Assert.Equal(contacts, NodesBody.Read(view.Body).Contacts);
    }

    [Fact]
    public void RecordBody_RoundTrip_KeepsMutableFields()
    {
        DhtRecord record = Dht.Records.RecordValidation.Mutable(Signer, "name", 42, new byte[] { 1, 2, 3 }, DateTimeOffset.UnixEpoch);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new Types.MessagePack.MessagePackWriter(writer);
        new RecordBody(record, 600).Write(ref w);
        w.Flush();

        RecordBody read = RecordBody.Read(writer.WrittenSpan, 1000, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(300));

        Assert.Equal(record.Key, read.Record.Key);
        Assert.Equal(42UL, read.Record.Sequence);
        Assert.Equal("name", read.Record.Name);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(300), read.Record.ExpiresAt);
        Assert.Equal(DhtErrorCode.None, Dht.Records.RecordValidation.Validate(read.Record, Signer, 1000));
    }

    private const byte EcdsaAlgorithm = 1;
}
