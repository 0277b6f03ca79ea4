using System.Diagnostics;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Metrics;

/// <summary>
/// The DHT node as the content manager and the vault see it: every call goes to the real node; iterative
/// lookups (FindValue, FindNode) are timed into the lookup latency histogram.
/// </summary>
internal sealed class MeteredDhtNode : IDhtNode
{
    private readonly IDhtNode _inner;
    private readonly StorageMetrics _metrics;

    public MeteredDhtNode(IDhtNode inner, StorageMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    public Contact Self => _inner.Self;

    public ReadOnlyMemory<byte> PublicKey => _inner.PublicKey;

    public int MaxPayloadSize => _inner.MaxPayloadSize;

    public Task<int> JoinAsync(IEnumerable<IPEndPoint> bootstrap, CancellationToken cancellationToken = default) => _inner.JoinAsync(bootstrap, cancellationToken);

    public Task<Contact?> PingAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default) => _inner.PingAsync(endPoint, cancellationToken);

    public Task<StoreResult> StoreAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => _inner.StoreAsync(value, cancellationToken);

    public Task<StoreResult> PutMutableAsync(string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        _inner.PutMutableAsync(name, sequence, value, cancellationToken);

    public Task<StoreResult> PutSignedAsync(INodeSigner owner, string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        _inner.PutSignedAsync(owner, name, sequence, value, cancellationToken);

    public Task<DhtErrorCode> StoreAtAsync(Contact holder, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        _inner.StoreAtAsync(holder, value, timeToLive, cancellationToken);

    public Task<DhtErrorCode> StoreAtWithKeyAsync(Contact holder, DhtKey key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        _inner.StoreAtWithKeyAsync(holder, key, value, timeToLive, cancellationToken);

    public Task<HolderFetchResult> FetchFromAsync(Contact holder, DhtKey key, CancellationToken cancellationToken = default) => _inner.FetchFromAsync(holder, key, cancellationToken);

    public Task<DhtErrorCode> RenewAtAsync(Contact holder, DhtKey key, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        _inner.RenewAtAsync(holder, key, timeToLive, cancellationToken);

    public async Task<FindValueResult> FindValueAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        FindValueResult result = await _inner.FindValueAsync(key, cancellationToken).ConfigureAwait(false);
        _metrics.RecordLookup("value", Stopwatch.GetElapsedTime(started));
        return result;
    }

    public async Task<IReadOnlyList<Contact>> FindNodeAsync(DhtKey target, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        IReadOnlyList<Contact> result = await _inner.FindNodeAsync(target, cancellationToken).ConfigureAwait(false);
        _metrics.RecordLookup("node", Stopwatch.GetElapsedTime(started));
        return result;
    }

    public void RegisterContractHandler(IContractHandler handler) => _inner.RegisterContractHandler(handler);

    public Task<ContractResult> DeployContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _inner.DeployContractAsync(contractId, payload, cancellationToken);

    public Task<ContractResult> ExecuteContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _inner.ExecuteContractAsync(contractId, payload, cancellationToken);

    public Task<ContractResult> QueryContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _inner.QueryContractAsync(contractId, payload, cancellationToken);

    public Task<ContractFindResult> FindContractAsync(DhtKey contractId, CancellationToken cancellationToken = default) => _inner.FindContractAsync(contractId, cancellationToken);

    public void RegisterRequestHandler(string protocol, AppRequestHandler handler) => _inner.RegisterRequestHandler(protocol, handler);

    public Task<AppResponse> SendRequestAsync(Contact recipient, string protocol, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _inner.SendRequestAsync(recipient, protocol, payload, cancellationToken);

    public DhtStats GetStats() => _inner.GetStats();

    public ContactStats? GetContactStats(NodeId node) => _inner.GetContactStats(node);

    public IReadOnlyList<ContactStats> GetAllContactStats() => _inner.GetAllContactStats();

    public IReadOnlyList<Contact> GetContacts() => _inner.GetContacts();

    public Task RunMaintenanceAsync(CancellationToken cancellationToken = default) => _inner.RunMaintenanceAsync(cancellationToken);

    /// <summary>The real node is disposed by its owner (the storage system), not through this view.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
