using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class MetricsTests
{
    [Fact(Timeout = 120_000)]
    public async Task Instruments_ReportRealValues_AfterUploadAndDownload()
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;
        await using SystemCluster cluster = await SystemCluster.StartAsync(3, cancellationToken: timeout);
        IUnifiedStorageSystem system = cluster[0];
        string node = system.GetNodeInfo().NodeId.ToString();

        // Sums per instrument of this node's meters only (tests in parallel publish meters of the same names).
        var sums = new ConcurrentDictionary<string, double>();
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("Zhtp.Storage.", StringComparison.Ordinal)
                && instrument.Meter.Tags?.Any(t => t.Key == "zhtp.node.id" && (string?)t.Value == node) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value)
        {
            string key = instrument.Meter.Name + "/" + instrument.Name;
            sums.AddOrUpdate(key, value, (_, v) => instrument.GetType().Name.StartsWith("Observable", StringComparison.Ordinal) ? value : v + value);
            counts.AddOrUpdate(key, 1, (_, c) => c + 1);
        }

        listener.SetMeasurementEventCallback<long>((i, v, _, _) => Record(i, v));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => Record(i, v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => Record(i, v));
        listener.Start();

        byte[] original = RandomNumberGenerator.GetBytes(1_500_000);
        ContentReceipt receipt = await system.UploadContentAsync(new MemoryStream(original), new ContentUploadOptions { Metadata = new ContentMetadata { Access = AccessLevel.Public } }, timeout);
        await system.DownloadContentAsync(receipt.Id, new MemoryStream(), cancellationToken: timeout);
        await system.GetStorageQuoteAsync(new Economic.QuoteRequest(1000, TimeSpan.FromDays(1), StorageTier.Warm, 3), timeout);
        listener.RecordObservableInstruments();

        Assert.Equal(original.Length, sums["Zhtp.Storage.Content/zhtp.content.bytes.uploaded"]);
        Assert.Equal(original.Length, sums["Zhtp.Storage.Content/zhtp.content.bytes.served"]);
        Assert.Equal(receipt.StoredBytes, sums["Zhtp.Storage.Content/zhtp.content.bytes.stored"]);
        Assert.Equal(1, sums["Zhtp.Storage.Content/zhtp.content.uploads"]);
        Assert.Equal(1, sums["Zhtp.Storage.Content/zhtp.content.downloads"]);
        Assert.Equal(1, sums["Zhtp.Storage.Economic/zhtp.economic.quotes"]);
        Types.DhtStats dht = (await system.GetStatisticsAsync(timeout)).Dht;
        Assert.InRange(sums["Zhtp.Storage.Dht/zhtp.dht.messages.sent"], 1, dht.MessagesSent);
        Assert.True(sums["Zhtp.Storage.Dht/zhtp.dht.contacts"] >= 2);
        Assert.True(counts["Zhtp.Storage.Dht/zhtp.dht.lookup.duration"] >= 2, "the upload and the download resolve heads and manifests through lookups");
        Assert.True(sums["Zhtp.Storage.Dht/zhtp.dht.lookup.duration"] > 0);
        Assert.True(counts["Zhtp.Storage.Unified/zhtp.unified.operation.duration"] >= 3);
        Assert.False(sums.ContainsKey("Zhtp.Storage.Unified/zhtp.unified.operation.errors"));

        // Holders count the shards they store: some other node's store grew.
        long held = 0;
        foreach (IUnifiedStorageSystem other in cluster.Systems.Skip(1))
        {
            held += (await other.GetStatisticsAsync(timeout)).Dht.StorageUsedBytes;
        }

        Assert.True(held > 0);
    }
}
