using Microsoft.Extensions.Logging;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>What a node is made of: settings, transport, identity, record store, clock and log.</summary>
public sealed record DhtNodeOptions
{
    /// <summary>Kademlia, RPC and record settings (validated at creation).</summary>
    public DhtConfig Config { get; init; } = new();

    /// <summary>The datagram transport (UDP or in-memory). The node owns it and disposes it.</summary>
    public required IDatagramTransport Transport { get; init; }

    /// <summary>The node's identity key.</summary>
    public required INodeSigner Signer { get; init; }

    /// <summary>Where held records live. Default: in memory with <see cref="DhtConfig.StorageQuotaBytes"/>. The node owns it and disposes it.</summary>
    public IRecordStore? Store { get; init; }

    /// <summary>Time source for timestamps, timeouts and maintenance.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Seed for request ids, refresh targets and backoff jitter; null = cryptographically random request ids.</summary>
    public int? Seed { get; init; }

    /// <summary>Run maintenance (expiry, refresh, republish, re-replication) on a timer every this often; null = only when <see cref="IDhtNode.RunMaintenanceAsync"/> is called.</summary>
    public TimeSpan? MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Run as a client (BEP 43 read-only node, libp2p kad client mode): the node looks up, stores and
    /// fetches like any other, but every message it sends carries the client flag (docs/protocol.md),
    /// so other nodes answer it without adding it to their routing tables or handing it out as a
    /// contact, and it serves no requests itself. For short-lived processes (the <c>zhtp dht</c>
    /// commands) and nodes that cannot be reached. Default: false (a full node).
    /// </summary>
    public bool ClientMode { get; init; }

    /// <summary>
    /// File in which the node keeps its routing table's contacts: read at start, written after each
    /// maintenance pass and when the node is disposed (atomically; a damaged file reads as empty).
    /// <see cref="IDhtNode.JoinAsync"/> then pings the saved contacts besides any bootstrap endpoints,
    /// so a restarted node rejoins through its old contacts with no bootstrap at all. Default: null (no snapshot).
    /// </summary>
    public string? RoutingSnapshotPath { get; init; }

    /// <summary>
    /// Authenticate datagrams with sessions from the hybrid X25519 + ML-KEM-768 handshake over the bulk
    /// channel (forward secret; docs/protocol.md "Handshake"). Null (default): on for signers whose key
    /// and signature do not fit a datagram (ML-DSA-65, where it is required), off for ECDSA P-256, which
    /// then keeps its static-ECDH session MACs. True turns it on for ECDSA too; false with ML-DSA is an
    /// error. Every node answers handshakes either way, so nodes with and without it interoperate.
    /// </summary>
    public bool? HybridHandshake { get; init; }

    /// <summary>Logger for joins, evictions and maintenance. Default: none.</summary>
    public ILogger? Logger { get; init; }
}
