using System.Net;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Unified;

/// <summary>
/// One storage node as one object (DESIGN.md layer E): a DHT node, a content manager acting as the node's
/// user identity, the credential vault and the pricing engine, behind the original UnifiedStorageSystem's
/// operations. Get one from <see cref="UnifiedStorageSystems.StartAsync"/> or, in a generic host, from
/// <c>services.AddZhtpStorage(...)</c> (started by its hosted service). Thread-safe; every operation
/// throws <see cref="UnifiedStorageException"/> before the system has started or after it stopped.
/// </summary>
public interface IUnifiedStorageSystem : IAsyncDisposable
{
    /// <summary>
    /// Uploads <paramref name="content"/> (read to its end) through the content manager as this node's identity.
    /// An upload that names no encryption level gets <see cref="ContentConfig.DefaultEncryption"/> of the current configuration.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names every bad field).</exception>
    /// <exception cref="ContentException">The name exists already, the content is too large, or shards could not be placed
    /// (with economics enabled also: no host quoted, a host refused to sign, or this node cannot fund the escrow).</exception>
    Task<ContentReceipt> UploadContentAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole version (null: the latest) of <paramref name="id"/> to <paramref name="destination"/>, BLAKE3 checked.</summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    /// <exception cref="ContentAccessDeniedException">This node's identity cannot read it.</exception>
    /// <exception cref="ContentUnavailableException">A segment has fewer than k shards reachable.</exception>
    Task<DownloadResult> DownloadContentAsync(ContentId id, Stream destination, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Searches the local index (and the network's keyword records when the query asks); hides what this identity cannot read.</summary>
    Task<IReadOnlyList<ContentSearchHit>> SearchContentAsync(ContentSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Prices <paramref name="request"/> with the economic layer's pricing engine and the current
    /// <see cref="EconomicConfig"/>, and signs the quote with this node's key: the quote this node would
    /// give as a host, in market conditions read from its own store (utilization = used / quota). It is not a
    /// market quote from other hosts: with <see cref="ZhtpStorageOptions.EconomicsEnabled"/>, uploads ask the hosts themselves.
    /// </summary>
    /// <exception cref="PricingException">The request is out of bounds (size, duration, replication).</exception>
    Task<Quote> GetStorageQuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// A snapshot of every layer: the DHT node's counters, the content this system uploaded, downloaded and
    /// repaired, and the market's from this node's contract manager (all zero while economics are disabled).
    /// </summary>
    Task<UnifiedStorageStats> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Pings <paramref name="endPoint"/> and, when it answers, joins through it (own-id lookup and bucket refresh).</summary>
    /// <returns>The peer's contact, or null when it did not answer.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is this node's own endpoint (a ping of it would go unanswered for the whole request timeout).</exception>
    Task<Contact?> AddPeerAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default);

    /// <summary>Runs one maintenance pass now: renews and repairs the content this identity owns, then the DHT's expiry, refresh, republish and re-replication.</summary>
    Task<MaintenanceReport> PerformMaintenanceAsync(CancellationToken cancellationToken = default);

    /// <summary>The node's id, endpoint, keys and identity.</summary>
    NodeInfo GetNodeInfo();

    /// <summary>The contacts in the DHT node's routing table now (the peers it knows), in no particular order.</summary>
    IReadOnlyList<Contact> GetPeers();

    /// <summary>
    /// A content manager that shares this node (its DHT node, stores and meters) but acts as <paramref name="identity"/>:
    /// it owns and signs what it uploads, and reads only what is public, its own, or granted to it — the seam a gateway
    /// (the HTTP API) uses to serve several users from one node. Null or the node's own identity gets the node's manager. One
    /// manager per identity id is created on first use and kept until the system stops (its search index and owned list
    /// live in <c>content-identities/&lt;identity id&gt;</c> of the data directory, or in memory). Disposing the result does
    /// nothing; keep <paramref name="identity"/> undisposed while the system runs. Its uploads, downloads and read streams count
    /// in <see cref="GetStatisticsAsync"/> and the content meters like the facade's own.
    /// </summary>
    IContentManager ContentFor(ZhtpIdentity? identity);

    /// <summary>The configuration in force (after any <see cref="UpdateConfig"/>).</summary>
    UnifiedStorageConfig GetConfig();

    /// <summary>
    /// Replaces the configuration in force. Only what takes effect while running may differ from
    /// <see cref="GetConfig"/>: <see cref="UnifiedStorageConfig.Economic"/> (pricing of later quotes) and
    /// <see cref="ContentConfig.DefaultEncryption"/>. Any other change needs a restart with new options.
    /// </summary>
    /// <exception cref="ConfigurationException">Listing every invalid field and every field that cannot change while running; nothing is applied.</exception>
    void UpdateConfig(UnifiedStorageConfig config);

    /// <summary>Seals <paramref name="identity"/> under <paramref name="passphrase"/> and stores it in the DHT (the credential vault).</summary>
    /// <exception cref="ArgumentException">The passphrase is empty.</exception>
    /// <exception cref="IdentityVaultException">No node stored the record.</exception>
    Task StoreIdentityCredentialsAsync(ZhtpIdentity identity, string passphrase, CancellationToken cancellationToken = default);

    /// <summary>Fetches and opens the vault record of <paramref name="id"/>. The caller disposes the identity.</summary>
    /// <exception cref="IdentityVaultException">No record, or a record that does not verify.</exception>
    /// <exception cref="Types.Cryptography.WrongPassphraseException">The passphrase is wrong.</exception>
    Task<ZhtpIdentity> RetrieveIdentityCredentialsAsync(IdentityId id, string passphrase, CancellationToken cancellationToken = default);

    /// <summary>True when a valid vault record for <paramref name="id"/> resolves (the passphrase is not checked).</summary>
    Task<bool> IdentityExistsAsync(IdentityId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a version (null: the latest) as a seekable, read-only stream for range reads: only the segments a read
    /// touches are fetched and checked. The caller disposes the stream.
    /// </summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    /// <exception cref="ContentAccessDeniedException">This node's identity cannot read it.</exception>
    Task<Stream> OpenContentReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new version of content this node's identity owns (read from <paramref name="content"/> to its end); the id
    /// stays the same. Without <paramref name="options"/> the new version keeps the previous one's metadata, access and
    /// encryption; options that name no encryption level get <see cref="ContentConfig.DefaultEncryption"/>.
    /// </summary>
    /// <exception cref="ContentNotFoundException">The content does not exist or was deleted.</exception>
    /// <exception cref="ContentAccessDeniedException">This node's identity is not the content's owner.</exception>
    Task<ContentReceipt> UpdateContentAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes content this node's identity owns: a signed tombstone, after which no version resolves (holders drop the shards when their TTL runs out).</summary>
    /// <exception cref="ContentNotFoundException">The content does not resolve.</exception>
    /// <exception cref="ContentAccessDeniedException">This node's identity is not the content's owner.</exception>
    Task DeleteContentAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Probes every shard of one version (null: the latest) of content this identity owns, renews them, and rebuilds the
    /// missing ones onto new holders now (<see cref="PerformMaintenanceAsync"/> does this for all owned content).
    /// </summary>
    /// <exception cref="ContentAccessDeniedException">This node's identity is not the content's owner.</exception>
    Task<RepairReport> RepairContentAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Every version of <paramref name="id"/>, oldest first.</summary>
    /// <exception cref="ContentNotFoundException">The content does not resolve.</exception>
    Task<IReadOnlyList<ContentVersion>> ListContentVersionsAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>A version's description from its signed manifest, or why it does not resolve (never throws for "not found").</summary>
    Task<ContentLookup> GetContentMetadataAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Where every shard of a version (null: the latest) was placed, from its manifest; no shard is fetched.</summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    Task<IReadOnlyList<ShardPlacement>> GetContentPlacementAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);
}
