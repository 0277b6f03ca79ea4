using System.Diagnostics.Metrics;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Metrics;

/// <summary>The four meters of one storage system (<see cref="ZhtpStorageMeters"/>). Observable instruments read the node's and the content counters when collected.</summary>
internal sealed class StorageMetrics : IDisposable
{
    private readonly Meter _dht;
    private readonly Meter _content;
    private readonly Meter _economic;
    private readonly Meter _unified;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _quotes;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _operationErrors;

    public StorageMetrics(NodeId node, Func<DhtStats> dht, ContentCounters content, Func<EconomicStats> economic)
    {
        KeyValuePair<string, object?>[] tags = [new("zhtp.node.id", node.ToString())];
        _dht = new Meter(new MeterOptions(ZhtpStorageMeters.Dht) { Tags = tags });
        _content = new Meter(new MeterOptions(ZhtpStorageMeters.Content) { Tags = tags });
        _economic = new Meter(new MeterOptions(ZhtpStorageMeters.Economic) { Tags = tags });
        _unified = new Meter(new MeterOptions(ZhtpStorageMeters.Unified) { Tags = tags });

        _dht.CreateObservableCounter("zhtp.dht.messages.sent", () => dht().MessagesSent, "{message}", "Datagrams sent.");
        _dht.CreateObservableCounter("zhtp.dht.messages.received", () => dht().MessagesReceived, "{message}", "Datagrams received, dropped ones included.");
        _dht.CreateObservableCounter("zhtp.dht.messages.dropped", () => dht().MessagesDropped, "{message}", "Datagrams dropped (bad signature, stale, replay, malformed).");
        _dht.CreateObservableCounter("zhtp.dht.lookups", () => dht().Lookups, "{lookup}", "Iterative lookups started by the node.");
        _dht.CreateObservableGauge("zhtp.dht.records", () => dht().RecordsStored, "{record}", "Records held.");
        _dht.CreateObservableGauge("zhtp.dht.storage.used", () => dht().StorageUsedBytes, "By", "Bytes of record values held (shards included).");
        _dht.CreateObservableGauge("zhtp.dht.contacts", () => dht().Contacts, "{contact}", "Contacts in the routing table.");
        _lookupDuration = _dht.CreateHistogram<double>("zhtp.dht.lookup.duration", "s", "Duration of the iterative lookups the content layer and the vault make (tag zhtp.lookup.kind: value or node).");

        _content.CreateObservableCounter("zhtp.content.uploads", () => content.Uploads, "{upload}", "Uploads completed.");
        _content.CreateObservableCounter("zhtp.content.downloads", () => content.Downloads, "{download}", "Downloads completed.");
        _content.CreateObservableCounter("zhtp.content.bytes.uploaded", () => content.BytesUploaded, "By", "Plaintext bytes uploaded.");
        _content.CreateObservableCounter("zhtp.content.bytes.stored", () => content.BytesStored, "By", "Shard bytes placed on holders (parity included).");
        _content.CreateObservableCounter("zhtp.content.bytes.served", () => content.BytesServed, "By", "Plaintext bytes downloaded.");
        _content.CreateObservableCounter("zhtp.content.shards.repaired", () => content.ShardsRepaired, "{shard}", "Shards rebuilt onto new holders by maintenance.");
        _content.CreateObservableCounter("zhtp.content.shards.missing", () => content.ShardsMissing, "{shard}", "Shards maintenance found missing on their holders.");

        _quotes = _economic.CreateCounter<long>("zhtp.economic.quotes", "{quote}", "Signed quotes issued.");
        _economic.CreateObservableGauge("zhtp.economic.contracts.active", () => economic().ActiveContracts, "{contract}", "Contracts funded and not settled.");
        _economic.CreateObservableGauge("zhtp.economic.value.locked", () => (double)economic().ValueLocked, "{token}", "Tokens held in escrow.");
        _economic.CreateObservableCounter("zhtp.economic.audits", () => economic().AuditsRun, "{audit}", "Storage audits run.");
        _economic.CreateObservableCounter("zhtp.economic.audits.passed", () => economic().AuditsPassed, "{audit}", "Storage audits passed (a Merkle proof over the real shard bytes verified).");
        _economic.CreateObservableCounter("zhtp.economic.contracts", () => economic().TotalContracts, "{contract}", "Contracts made by this node as a renter.");
        _economic.CreateObservableCounter("zhtp.economic.penalties", () => (double)economic().PenaltiesApplied, "{token}", "Tokens slashed from hosts that broke their SLA.");

        _operationDuration = _unified.CreateHistogram<double>("zhtp.unified.operation.duration", "s", "Duration of facade operations (tag zhtp.operation).");
        _operationErrors = _unified.CreateCounter<long>("zhtp.unified.operation.errors", "{error}", "Facade operations that threw (tags zhtp.operation, error.type).");
    }

    public void RecordLookup(string kind, TimeSpan duration) => _lookupDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("zhtp.lookup.kind", kind));

    public void RecordQuote() => _quotes.Add(1);

    public void RecordOperation(string operation, TimeSpan duration, Exception? error)
    {
        var name = new KeyValuePair<string, object?>("zhtp.operation", operation);
        _operationDuration.Record(duration.TotalSeconds, name);
        if (error is not null)
        {
            _operationErrors.Add(1, name, new KeyValuePair<string, object?>("error.type", error.GetType().Name));
        }
    }

    public void Dispose()
    {
        _unified.Dispose();
        _economic.Dispose();
        _content.Dispose();
        _dht.Dispose();
    }
}
