using System.CommandLine;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// The client side of a content command, as Storj's uplink runs it: the user's identity opened from the home, a
/// client-mode DHT node joined through the bootstrap nodes, and a content manager acting as that identity with its
/// data directory under the home. Encryption happens here; nodes see only sealed shards and signed records.
/// </summary>
internal sealed class ContentClient : IAsyncDisposable
{
    private ContentClient(ClientHome home, ZhtpIdentity identity, IDhtNode node, IContentManager manager)
    {
        Home = home;
        Identity = identity;
        Node = node;
        Manager = manager;
    }

    /// <summary>The home directory.</summary>
    public ClientHome Home { get; }

    /// <summary>The acting identity.</summary>
    public ZhtpIdentity Identity { get; }

    /// <summary>The client-mode DHT node.</summary>
    public IDhtNode Node { get; }

    /// <summary>The content manager acting as <see cref="Identity"/>.</summary>
    public IContentManager Manager { get; }

    /// <summary>
    /// Opens the identity and, when <paramref name="join"/>, joins through the bootstrap nodes (else the node stays
    /// alone: enough for the owned-content list and the local index).
    /// </summary>
    /// <exception cref="ClientCommandException">No identity, no passphrase, no bootstrap, or no bootstrap node answered.</exception>
    public static async Task<ContentClient> OpenAsync(ClientOptions options, ParseResult result, bool join, TextWriter error, string command, CancellationToken cancellationToken)
    {
        ClientHome home = options.Home(result);
        IReadOnlyList<System.Net.IPEndPoint> bootstrap = join ? options.Bootstrap(result) : [];
        ZhtpIdentity identity = home.Load(options.Passphrase(result));
        IDhtNode? node = null;
        try
        {
            if (join)
            {
                node = await DhtHostSupport.JoinAsClientAsync(bootstrap, options.Signer(result), TextWriter.Null, command, cancellationToken).ConfigureAwait(false)
                    ?? throw new ClientCommandException(ClientExitCodes.Failure, $"no bootstrap node answered ({string.Join(", ", bootstrap)}) within the request timeout; is a node running there (`zhtp node`)?");
                await error.WriteLineAsync($"client {node.Self.Id.ToString()[..16]}… on {node.Self.EndPoint} as identity {identity.Id.ToString()[..16]}…").ConfigureAwait(false);
            }
            else
            {
                node = await DhtHostSupport.CreateClientNodeAsync([], Types.Cryptography.SignatureAlgorithm.EcdsaP256, cancellationToken).ConfigureAwait(false);
            }

            IContentManager manager = ContentManagers.Create(node, new ContentManagerOptions { Identity = identity, DataDirectory = home.ClientDirectory });
            return new ContentClient(home, identity, node, manager);
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }

            identity.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The content this identity owns (<see cref="IContentManager.ListOwned"/>) with its latest local-index entry
    /// (null when the index has none), paging through the index.
    /// </summary>
    public async Task<IReadOnlyList<(ContentId Id, ContentSearchHit? Hit)>> ListOwnedAsync(CancellationToken cancellationToken)
    {
        string? owner = Manager.OwnerId;
        var latest = new Dictionary<ContentId, ContentSearchHit>();
        const int page = 1000;
        for (int skip = 0; ; skip += page)
        {
            IReadOnlyList<ContentSearchHit> hits = await Manager.SearchAsync(new ContentSearchQuery { Owner = owner, Skip = skip, Take = page }, cancellationToken).ConfigureAwait(false);
            foreach (ContentSearchHit hit in hits)
            {
                if (!latest.TryGetValue(hit.Id, out ContentSearchHit? seen) || seen.Version < hit.Version)
                {
                    latest[hit.Id] = hit;
                }
            }

            if (hits.Count < page)
            {
                break;
            }
        }

        return [.. Manager.ListOwned().OrderBy(id => id.ToString(), StringComparer.Ordinal).Select(id => (id, latest.GetValueOrDefault(id)))];
    }

    /// <summary>Parses a content id argument.</summary>
    /// <exception cref="ClientCommandException">It is not 64 hex or 52 base32 characters.</exception>
    public static ContentId ParseId(string? text) =>
        ContentId.TryParse(text, out ContentId id) ? id : throw new ClientCommandException(ClientExitCodes.Failure, $"'{text}' is not a content id (64 hex or 52 base32 characters, as `zhtp put` prints).");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync().ConfigureAwait(false);
        await Node.DisposeAsync().ConfigureAwait(false);
        Identity.Dispose();
    }
}
