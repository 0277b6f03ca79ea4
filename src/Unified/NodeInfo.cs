using System.Net;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Unified;

/// <summary>Who and where a running storage system is.</summary>
/// <param name="NodeId">The DHT node id (BLAKE3 of <paramref name="NodePublicKey"/>).</param>
/// <param name="EndPoint">The bound UDP endpoint (TCP bulk channel on the same port); give it to other nodes as their bootstrap.</param>
/// <param name="NodePublicKey">The node key's public key (signs DHT messages and quotes).</param>
/// <param name="Identity">The user identity the system uploads and reads as.</param>
/// <param name="IdentityPersistent">True when the identity was loaded from or saved to its sealed file; false for an in-memory identity that a restart replaces.</param>
/// <param name="DataDirectory">The data directory, or null when everything is in memory.</param>
/// <param name="EconomicsEnabled">Whether market placement is on (false: k-closest placement).</param>
/// <param name="StartedAt">When the system started.</param>
public sealed record NodeInfo(
    NodeId NodeId,
    IPEndPoint EndPoint,
    ReadOnlyMemory<byte> NodePublicKey,
    IdentityId Identity,
    bool IdentityPersistent,
    string? DataDirectory,
    bool EconomicsEnabled,
    DateTimeOffset StartedAt);
