// The package consumer check (docs/packaging.md): with nothing but the public API of the packages
// restored from the local feed, start 8 DHT nodes on 127.0.0.1 in this process, upload a few MiB of
// content from one node, download it from another and compare the bytes. Exit 0 when they match,
// 1 with a message on stderr otherwise. Everything is bounded by one timeout and disposed.
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Ledger;
using Zhtp.Storage.Types;

const int NodeCount = 8;
const int ContentBytes = 3 * 1024 * 1024 + 12_345;

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
CancellationToken cancellationToken = timeout.Token;
var stopwatch = Stopwatch.StartNew();
var nodes = new List<IDhtNode>();
var signers = new List<INodeSigner>();
try
{
    for (int i = 0; i < NodeCount; i++)
    {
        INodeSigner signer = NodeSigners.CreateEcdsaP256();
        signers.Add(signer);
        IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 2 },
            Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
            Signer = signer,
            Store = RecordStores.InMemory(1L << 30),
            MaintenanceInterval = null,
        }, cancellationToken);
        nodes.Add(node);
        if (i > 0)
        {
            await node.JoinAsync([nodes[0].Self.EndPoint], cancellationToken);
        }
    }

    // A second pass so that the first nodes learn of the later ones.
    foreach (IDhtNode node in nodes)
    {
        await node.JoinAsync([nodes[^1].Self.EndPoint], cancellationToken);
    }

    using INodeSigner owner = NodeSigners.CreateEcdsaP256();
    var options = new ContentManagerOptions
    {
        Owner = owner,
        KeyProtector = ContentKeyProtectors.FromSecret(RandomNumberGenerator.GetBytes(32)),
    };
    byte[] content = RandomNumberGenerator.GetBytes(ContentBytes);

    await using IContentManager writer = ContentManagers.Create(nodes[0], options);
    ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(content), new ContentUploadOptions
    {
        Name = "consumer-check.bin",
        Encryption = EncryptionLevel.Standard,
    }, cancellationToken);

    await using IContentManager reader = ContentManagers.Create(nodes[^1], options);
    using var copy = new MemoryStream();
    DownloadResult download = await reader.DownloadAsync(receipt.Id, copy, cancellationToken: cancellationToken);
    if (!copy.ToArray().AsSpan().SequenceEqual(content))
    {
        await Console.Error.WriteLineAsync($"consumer: FAILED: downloaded {download.BytesWritten} bytes from {nodes[^1].Self.EndPoint} differ from the {content.Length} uploaded from {nodes[0].Self.EndPoint}");
        return 1;
    }

    string economic = typeof(IEconomicLedger).Assembly.GetName().Name!;
    Console.WriteLine($"consumer: {NodeCount} nodes on 127.0.0.1; uploaded {receipt.Length:N0} bytes as {receipt.Id} ({receipt.Shards} shards on {receipt.Holders} nodes) from {nodes[0].Self.EndPoint}, downloaded from {nodes[^1].Self.EndPoint}: bytes equal; {economic} loads; {stopwatch.Elapsed.TotalSeconds:F1} s");
    return 0;
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"consumer: FAILED: timed out after {stopwatch.Elapsed.TotalSeconds:F0} s");
    return 1;
}
finally
{
    foreach (IDhtNode node in nodes)
    {
        await node.DisposeAsync();
    }

    foreach (INodeSigner signer in signers)
    {
        signer.Dispose();
    }
}
