using System.Net;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// A running Kademlia node: joins a network, stores and finds records, answers and sends contract
/// operations and application requests, and reports statistics. Create one with
/// <see cref="DhtNode.CreateAsync(DhtNodeOptions, CancellationToken)"/>; dispose to stop it. Thread-safe.
/// </summary>
public interface IDhtNode : IAsyncDisposable
{
    /// <summary>This node as others see it (id and endpoint).</summary>
    Contact Self { get; }

    /// <summary>This node's public key (its id is BLAKE3 of it).</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>
    /// The largest application or contract payload that fits one datagram, in bytes. A larger payload,
    /// up to 65,535 bytes, goes over the bulk channel (TCP) when the node has one, and its reply may
    /// then be as large.
    /// </summary>
    int MaxPayloadSize { get; }

    /// <summary>
    /// Joins through <paramref name="bootstrap"/> endpoints: pings them, then looks up the own id and
    /// refreshes buckets. Returns the number of contacts in the routing table afterwards (0 when no
    /// bootstrap node answered).
    /// </summary>
    Task<int> JoinAsync(IEnumerable<IPEndPoint> bootstrap, CancellationToken cancellationToken = default);

    /// <summary>Pings <paramref name="endPoint"/>; returns its contact, or null on timeout.</summary>
    Task<Contact?> PingAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an immutable record (key = BLAKE3(value)) on the k closest nodes and republishes it
    /// every <see cref="DhtConfig.RepublishInterval"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or larger than <see cref="DhtConfig.MaxValueSize"/>.</exception>
    /// <exception cref="DhtStorageFullException">No node stored it because the quotas are full.</exception>
    Task<StoreResult> StoreAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a mutable record signed with this node's key under key = BLAKE3(public key || name).
    /// Holders replace a lower sequence number and refuse a lower one.
    /// </summary>
    /// <exception cref="DhtStorageFullException">No node stored it because the quotas are full.</exception>
    Task<StoreResult> PutMutableAsync(string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs a mutable record with <paramref name="owner"/>'s key (not this node's) and stores it on the
    /// k closest nodes under key = BLAKE3(owner public key || name). The owner may sign with the nodes'
    /// algorithm or any algorithm of Types' <c>SigningKeys</c> (ids 1-4: a user identity's key), or be an
    /// identity record (algorithm 48, key = the identity id; docs/protocol.md, "Records").
    /// This node does not republish it: the owner renews it by putting it again.
    /// </summary>
    /// <exception cref="ArgumentException">The owner's algorithm is one the nodes cannot verify, or the name or value is out of bounds.</exception>
    /// <exception cref="DhtStorageFullException">No node stored it because the quotas are full.</exception>
    /// <exception cref="DhtException">A higher sequence number is already stored.</exception>
    Task<StoreResult> PutSignedAsync(INodeSigner owner, string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Places a content-addressed record (key = BLAKE3(value), kind <see cref="RecordKind.Placed"/>) on
    /// <paramref name="holder"/> alone (this node when it is <see cref="Self"/>). The holder keeps it for
    /// <paramref name="timeToLive"/> (capped by its <see cref="DhtConfig.RecordTtl"/>) unless renewed, and
    /// never copies it elsewhere. Values larger than a datagram go over the bulk channel.
    /// </summary>
    /// <returns><see cref="DhtErrorCode.None"/> when stored; otherwise why not (e.g. StorageFull, Timeout).</returns>
    /// <exception cref="ArgumentException">The value is empty or larger than <see cref="DhtConfig.MaxValueSize"/>.</exception>
    Task<DhtErrorCode> StoreAtAsync(Contact holder, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="StoreAtAsync"/> for a value whose key the caller has already computed as BLAKE3(<paramref name="value"/>)
    /// (the content layer hashes every shard for its manifest), so the value is not hashed a second time on this side.
    /// The holder still verifies the key against the bytes it receives and refuses a mismatch (InvalidRecord).
    /// </summary>
    /// <returns><see cref="DhtErrorCode.None"/> when stored; otherwise why not (e.g. StorageFull, Timeout, InvalidRecord).</returns>
    /// <exception cref="ArgumentException">The value is empty or larger than <see cref="DhtConfig.MaxValueSize"/>.</exception>
    Task<DhtErrorCode> StoreAtWithKeyAsync(Contact holder, DhtKey key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        StoreAtAsync(holder, value, timeToLive, cancellationToken);

    /// <summary>Asks <paramref name="holder"/> alone for the content-addressed record under <paramref name="key"/> and verifies it. Never throws for "not found" or a bad value.</summary>
    Task<HolderFetchResult> FetchFromAsync(Contact holder, DhtKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks <paramref name="holder"/> to keep the content-addressed record under <paramref name="key"/> for
    /// <paramref name="timeToLive"/> more (one datagram each way; also a cheap check that it still holds it).
    /// </summary>
    /// <returns><see cref="DhtErrorCode.None"/> when renewed; <see cref="DhtErrorCode.NotFound"/> when the holder lacks it; Timeout when it did not answer.</returns>
    Task<DhtErrorCode> RenewAtAsync(Contact holder, DhtKey key, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Finds a record with an iterative FindValue lookup (the local store first). Never throws for "not found".</summary>
    Task<FindValueResult> FindValueAsync(DhtKey key, CancellationToken cancellationToken = default);

    /// <summary>The k closest live nodes to <paramref name="target"/> by an iterative FindNode lookup.</summary>
    Task<IReadOnlyList<Contact>> FindNodeAsync(DhtKey target, CancellationToken cancellationToken = default);

    /// <summary>Registers the handler that validates and applies contract operations at this node (replaces any earlier one).</summary>
    void RegisterContractHandler(IContractHandler handler);

    /// <summary>Sends ContractDeploy with <paramref name="payload"/> to the k closest nodes to <paramref name="contractId"/>.</summary>
    Task<ContractResult> DeployContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Sends ContractExecute (a state transition) to the k closest nodes to <paramref name="contractId"/>.</summary>
    Task<ContractResult> ExecuteContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Sends ContractQuery to the k closest nodes to <paramref name="contractId"/> and returns every answer (the caller decides on a quorum).</summary>
    Task<ContractResult> QueryContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Finds a contract's state with an iterative ContractFind lookup.</summary>
    Task<ContractFindResult> FindContractAsync(DhtKey contractId, CancellationToken cancellationToken = default);

    /// <summary>Registers the handler of application protocol <paramref name="protocol"/> (e.g. "zhtp/audit/1"); replaces any earlier one.</summary>
    void RegisterRequestHandler(string protocol, AppRequestHandler handler);

    /// <summary>Sends an application request to one node and waits for its reply (timeouts and retries as any RPC).</summary>
    Task<AppResponse> SendRequestAsync(Contact recipient, string protocol, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of this node's counters.</summary>
    DhtStats GetStats();

    /// <summary>Response statistics of one remote node, or null if this node never sent it a request.</summary>
    ContactStats? GetContactStats(NodeId node);

    /// <summary>Response statistics of every remote node this node has sent requests to.</summary>
    IReadOnlyList<ContactStats> GetAllContactStats();

    /// <summary>The contacts of the routing table.</summary>
    IReadOnlyList<Contact> GetContacts();

    /// <summary>
    /// Runs one maintenance pass now: expire records, refresh idle buckets, republish own records
    /// and re-replicate held ones whose closest set changed. The node also runs it on a timer.
    /// </summary>
    Task RunMaintenanceAsync(CancellationToken cancellationToken = default);
}
