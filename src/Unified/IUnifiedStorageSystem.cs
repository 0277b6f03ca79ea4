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
    /// <exception cref="ContentException">The name exists already, the content is too large, or shards could not be placed.</exception>
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
    /// market quote from other hosts (asking hosts for quotes is not built yet).
    /// </summary>
    /// <exception cref="PricingException">The request is out of bounds (size, duration, replication).</exception>
    Task<Quote> GetStorageQuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// A snapshot of every layer: the DHT node's counters, the content this system uploaded, downloaded and
    /// repaired, and the market's (all zero while economics are disabled: no contracts exist).
    /// </summary>
    Task<UnifiedStorageStats> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Pings <paramref name="endPoint"/> and, when it answers, joins through it (own-id lookup and bucket refresh).</summary>
    /// <returns>The peer's contact, or null when it did not answer.</returns>
    Task<Contact?> AddPeerAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default);

    /// <summary>Runs one maintenance pass now: renews and repairs the content this identity owns, then the DHT's expiry, refresh, republish and re-replication.</summary>
    Task<MaintenanceReport> PerformMaintenanceAsync(CancellationToken cancellationToken = default);

    /// <summary>The node's id, endpoint, keys and identity.</summary>
    NodeInfo GetNodeInfo();

    /// <summary>
    /// A content manager that shares this node (its DHT node, stores and meters) but acts as <paramref name="identity"/>:
    /// it owns and signs what it uploads, and reads only what is public, its own, or granted to it — the seam a gateway
    /// (the HTTP API) uses to serve several users from one node. The node's own identity gets the node's manager. One
    /// manager per identity id is created on first use and kept until the system stops (its search index and owned list
    /// live in <c>content-identities/&lt;identity id&gt;</c> of the data directory, or in memory). Disposing the result does
    /// nothing; keep <paramref name="identity"/> undisposed while the system runs. Uploads and downloads through it are not
    /// counted in <see cref="GetStatisticsAsync"/> (the facade's own operations are).
    /// </summary>
    IContentManager ContentFor(ZhtpIdentity identity);

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
}
