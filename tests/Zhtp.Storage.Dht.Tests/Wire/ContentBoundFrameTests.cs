using System.Collections.Concurrent;
using System.Net;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

/// <summary>
/// Content-bound bulk frames (envelope version 2, docs/protocol.md "Content-bound bulk frames"): the session MAC of a
/// Store or Value of a content-addressed record leaves the value bytes out, and the receiver binds them by checking
/// key = BLAKE3(value) before it uses the record.
/// </summary>
public sealed class ContentBoundFrameTests : IAsyncLifetime
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.9"), 4000);

    private readonly InMemoryNetwork _network = new();
    private readonly MemoryRecordStore _holderStore = new(1L << 30);
    private readonly byte[] _value = new byte[100_000];
    private KademliaNode _writer = null!;
    private KademliaNode _holder = null!;

    public async Task InitializeAsync()
    {
        new Random(11).NextBytes(_value);
        _writer = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), _network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        _holder = (KademliaNode)await DhtNode.CreateAsync(new DhtNodeOptions { Transport = _network.CreateTransport(), Signer = NodeSigners.CreateEcdsaP256(), Store = _holderStore });

        // Both learn each other's key: further messages carry session MACs.
        Assert.NotNull(await _writer.PingAsync(_holder.Self.EndPoint));
        Assert.NotNull(await _holder.PingAsync(_writer.Self.EndPoint));
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _holder.DisposeAsync();
    }

    private DhtKey Key => RecordKeys.ContentKey(_value);

    private RecordBody Placed(ReadOnlyMemory<byte> value, DhtKey key) =>
        new(new DhtRecord { Key = key, Kind = RecordKind.Placed, Value = value, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) }, 3600);

    private byte[] StoreFrame(ulong requestId, bool bindContent)
    {
        using PooledFrame frame = _writer.EncodeFrame(MessageType.Store, requestId, Placed(_value, Key), _holder.Self.Id, bindContent: bindContent);
        return frame.Span.ToArray();
    }

    private static MessageType Parse(ReadOnlySpan<byte> frame, out byte[] body)
    {
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(frame, out EnvelopeView view));
        body = view.Body.ToArray();
        return view.Type;
    }

    private async Task<bool> HolderHoldsAsync() => (await _holder.FetchFromAsync(_holder.Self, Key)).Found;

    [Fact(Timeout = 30_000)]
    public async Task StoreAndFetchOverBulk_GoContentBound_MacLeavesOutOnlyTheValueBytes_AndRoundTrip()
    {
        byte[] store = StoreFrame(1, bindContent: true);
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(store, out EnvelopeView view));
        Assert.Equal(EnvelopeCodec.ContentBoundVersion, view.Version);
        Assert.True(view.ContentValue.SequenceEqual(_value));
        Assert.True(view.ContentKey.SequenceEqual(Key.Value.ToArray()));
        // Covered: every byte before the MAC element except the value bytes (bin header included).
        Assert.Equal(store.Length - _value.Length - EnvelopeCodec.BinSize(EnvelopeCodec.SessionMacSize), view.Signed.Length + view.SignedTail.Length);

        DhtErrorCode stored = await _writer.StoreAtAsync(_holder.Self, _value, TimeSpan.FromHours(1));
        HolderFetchResult fetched = await _writer.FetchFromAsync(_holder.Self, Key);

        Assert.Equal(DhtErrorCode.None, stored);
        Assert.True(fetched.Found);
        Assert.Equal(_value, fetched.Record!.Value.ToArray());
        fetched.Buffer?.Dispose();

        // The holder answers a content-bound FindValue with a content-bound Value that the reader accepts.
        using PooledFrame find = _writer.EncodeFrame(MessageType.FindValue, 2, new KeyBody(Key), _holder.Self.Id, bindContent: true);
        ReadOnlyMemory<byte>? reply = await _holder.InjectBulkAsync(find.Span.ToArray(), From);
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(reply!.Value.Span, out EnvelopeView answer));
        Assert.Equal((MessageType.Value, EnvelopeCodec.ContentBoundVersion), (answer.Type, answer.Version));
        Assert.True(answer.ContentValue.SequenceEqual(_value));
        Assert.Equal(0, _writer.GetStats().MessagesDropped);
        Assert.Equal(0, _holder.GetStats().MessagesDropped);
    }

    [Fact(Timeout = 30_000)]
    public async Task Store_ValueAlteredInFlight_KeyUnchanged_IsRefusedByTheKeyCheck_AndCounted()
    {
        byte[] store = StoreFrame(3, bindContent: true);
        int at = store.AsSpan().IndexOf(_value);
        store[at + 5_000] ^= 0x01;

        ReadOnlyMemory<byte>? reply = await _holder.InjectBulkAsync(store, From);

        MessageType type = Parse(reply!.Value.Span, out byte[] body);
        Assert.Equal(MessageType.Error, type);
        Assert.Equal(DhtErrorCode.InvalidRecord, ErrorBody.Read(body).Code);
        Assert.Equal(1, _holder.Counters.Drops(DropReason.ContentMismatch));
        Assert.Equal(0, _holder.Counters.Drops(DropReason.BadSignature));
        Assert.False(await HolderHoldsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Fetch_HolderAnswersAValueNotMatchingItsKey_ReaderRefusesItAsInvalidRecord_AndCounts()
    {
        // A holder whose stored copy went bad (or that lies): the key check on the reader catches it, once.
        byte[] bad = (byte[])_value.Clone();
        bad[77] ^= 0x80;
        await _holderStore.PutAsync(new DhtRecord { Key = Key, Kind = RecordKind.Placed, Value = bad, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });

        HolderFetchResult fetched = await _writer.FetchFromAsync(_holder.Self, Key);

        Assert.False(fetched.Found);
        Assert.Equal(DhtErrorCode.InvalidRecord, fetched.Error);
        Assert.Equal(1, _writer.Counters.Drops(DropReason.ContentMismatch));
    }

    [Fact(Timeout = 30_000)]
    public async Task ContentBoundSignal_WithAMutableRecordOrAnotherType_IsDropped_AndCounted()
    {
        using INodeSigner owner = NodeSigners.CreateEcdsaP256FromSeed(5);
        DhtRecord mutable = RecordValidation.Mutable(owner, "name", 1, _value, DateTimeOffset.UtcNow.AddHours(1));
        using PooledFrame legit = _writer.EncodeFrame(MessageType.Store, 4, new RecordBody(mutable, 3600), _holder.Self.Id, bindContent: true);
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(legit.Span, out EnvelopeView asSent));
        Assert.Equal(EnvelopeCodec.Version, asSent.Version);

        // A sender claiming version 2 anyway (the version byte follows the 1-byte array header).
        byte[] claimed = legit.Span.ToArray();
        claimed[1] = EnvelopeCodec.ContentBoundVersion;
        using PooledFrame ping = _writer.EncodeFrame(MessageType.AppRequest, 5, new AppRequestBody("x", new byte[10]), _holder.Self.Id);
        byte[] otherType = ping.Span.ToArray();
        otherType[1] = EnvelopeCodec.ContentBoundVersion;

        Assert.Null(await _holder.InjectBulkAsync(claimed, From));
        Assert.Null(await _holder.InjectBulkAsync(otherType, From));

        Assert.Equal(2, _holder.Counters.Drops(DropReason.NotContentAddressed));
        Assert.Equal(0, _holder.Counters.Drops(DropReason.BadSignature));
        Assert.Null(await _holderStore.GetAsync(mutable.Key));
    }

    [Fact(Timeout = 30_000)]
    public async Task ContentBoundFrame_AsADatagram_IsUnsupportedVersion()
    {
        byte[] datagram = StoreFrame(6, bindContent: true);
        long before = _holder.Counters.Drops(DropReason.UnsupportedVersion);

        // Over UDP the size check comes first; a small content-bound record shows the version rule.
        using PooledFrame small = _writer.EncodeFrame(MessageType.Store, 7, Placed("tiny"u8.ToArray(), RecordKeys.ContentKey("tiny"u8)), _holder.Self.Id, bindContent: true);
        _holder.Inject(small.Span, From);
        _holder.Inject(datagram, From);

        Assert.Equal(before + 1, _holder.Counters.Drops(DropReason.UnsupportedVersion));
        Assert.Equal(1, _holder.Counters.Drops(DropReason.Oversized));
        Assert.False(await HolderHoldsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task OldFormFrame_FullMac_IsStillAccepted()
    {
        byte[] store = StoreFrame(8, bindContent: false);
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(store, out EnvelopeView view));
        Assert.Equal(EnvelopeCodec.Version, view.Version);
        Assert.Equal(0x81, view.Algorithm);

        ReadOnlyMemory<byte>? reply = await _holder.InjectBulkAsync(store, From);

        Assert.Equal(MessageType.StoreOk, Parse(reply!.Value.Span, out _));
        Assert.True(await HolderHoldsAsync());

        // An old-form FindValue gets an old-form Value (a reader on the previous release could not read version 2).
        using PooledFrame find = _writer.EncodeFrame(MessageType.FindValue, 9, new KeyBody(Key), _holder.Self.Id);
        ReadOnlyMemory<byte>? answer = await _holder.InjectBulkAsync(find.Span.ToArray(), From);
        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(answer!.Value.Span, out EnvelopeView value));
        Assert.Equal((MessageType.Value, EnvelopeCodec.Version), (value.Type, value.Version));
        Assert.Equal(0, _holder.GetStats().MessagesDropped);
    }

    [Fact(Timeout = 30_000)]
    public async Task ContentBoundFrame_TheMacCoversTheKey_AndTheValueLength()
    {
        byte[] keyAltered = StoreFrame(10, bindContent: true);
        keyAltered[keyAltered.AsSpan().IndexOf(Key.Value.ToArray()) + 3] ^= 0x01;
        byte[] lengthAltered = StoreFrame(11, bindContent: true);
        // The value's bin 32 header (0xc6 + 4-byte length) sits right before the value: shorten it by one byte.
        int lengthAt = lengthAltered.AsSpan().IndexOf(_value) - 1;
        lengthAltered[lengthAt] -= 1;

        Assert.Null(await _holder.InjectBulkAsync(keyAltered, From));
        Assert.Equal(1, _holder.Counters.Drops(DropReason.BadSignature));

        // A changed length no longer parses, or (if it happens to) fails the MAC: dropped either way, never stored.
        Assert.Null(await _holder.InjectBulkAsync(lengthAltered, From));
        Assert.Equal(2, _holder.GetStats().MessagesDropped);
        Assert.Equal(0, _holder.Counters.Drops(DropReason.ContentMismatch));
        Assert.False(await HolderHoldsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task PeerOfThePreviousRelease_DropsVersion2_TheRetryInVersion1Succeeds_AndLaterFramesGoVersion1()
    {
        // A relay in front of the holder behaves like a node of the previous release: version 2 is dropped (connection closed).
        var seen = new ConcurrentQueue<int>();
        IDatagramTransport transport = _network.CreateTransport();
        ((IBulkCapable)transport).OpenBulkChannel(1 << 20, async (frame, from, ct) =>
        {
            Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(frame.Span, out EnvelopeView view));
            seen.Enqueue(view.Version);
            if (view.Version != EnvelopeCodec.Version)
            {
                return null;
            }

            ReadOnlyMemory<byte>? reply = await _holder.InjectBulkAsync(frame.Span.ToArray(), from);
            return reply is null ? null : PooledFrame.Of(reply.Value.ToArray());
        });
        var old = new Contact(_holder.Self.Id, transport.LocalEndPoint);
        byte[] second = new byte[50_000];
        new Random(12).NextBytes(second);

        DhtErrorCode stored = await _writer.StoreAtAsync(old, _value, TimeSpan.FromHours(1));
        DhtErrorCode storedAgain = await _writer.StoreAtAsync(old, second, TimeSpan.FromHours(1));
        HolderFetchResult fetched = await _writer.FetchFromAsync(old, Key);

        Assert.Equal(DhtErrorCode.None, stored);
        Assert.Equal(DhtErrorCode.None, storedAgain);
        Assert.True(fetched.Found);
        Assert.Equal(_value, fetched.Record!.Value.ToArray());
        Assert.Equal([2, 1, 1, 1], seen.ToArray());
        Assert.Equal(0, _holder.GetStats().MessagesDropped);
    }

    [Fact(Timeout = 30_000)]
    public async Task PeerThatAnsweredVersion2_LosingOneExchange_IsStillSentVersion2()
    {
        // A relay that loses the second frame it sees (a dropped connection), as a current peer would.
        var seen = new ConcurrentQueue<int>();
        IDatagramTransport transport = _network.CreateTransport();
        ((IBulkCapable)transport).OpenBulkChannel(1 << 20, async (frame, from, ct) =>
        {
            Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(frame.Span, out EnvelopeView view));
            seen.Enqueue(view.Version);
            if (seen.Count == 2)
            {
                return null;
            }

            ReadOnlyMemory<byte>? reply = await _holder.InjectBulkAsync(frame.Span.ToArray(), from);
            return reply is null ? null : PooledFrame.Of(reply.Value.ToArray());
        });
        var peer = new Contact(_holder.Self.Id, transport.LocalEndPoint);
        byte[][] values = [.. Enumerable.Range(20, 3).Select(seed =>
        {
            byte[] value = new byte[30_000];
            new Random(seed).NextBytes(value);
            return value;
        })];

        foreach (byte[] value in values)
        {
            Assert.Equal(DhtErrorCode.None, await _writer.StoreAtAsync(peer, value, TimeSpan.FromHours(1)));
        }

        Assert.Equal([2, 2, 1, 2], seen.ToArray());
    }
}
