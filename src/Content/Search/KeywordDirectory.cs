using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Search;

// Implementation notes
// Keyword records are a small application protocol over IDhtNode rather than DHT records: a keyword
// is shared by many contents, and a DHT value holds one. Each keyword key (Keywords.KeyOf) names the
// nodes closest to it; an announcement goes to the Replicas closest (FindNode + one AppRequest each)
// and they keep it in a bounded KeywordStore for AnnouncementTtl of their own clock. A query asks the
// same closest nodes (plus this node's own store) and pages through their answers, one datagram per
// page. Announcements are unauthenticated hints: receivers only check that the keyword belongs to the
// announced metadata; the caller must verify the owner-signed manifest before trusting a hit.

/// <summary>Announces public content as keyword records in the DHT and finds content announced by others. Thread-safe.</summary>
internal sealed class KeywordDirectory : IAsyncDisposable
{
    /// <summary>The application protocol name registered on the node.</summary>
    public const string Protocol = "zhtp/keywords/1";

    private readonly IDhtNode _node;
    private readonly TimeProvider _time;
    private readonly KeywordDirectoryOptions _options;
    private readonly KeywordStore _store;
    private readonly Lock _lock = new();
    private long _dropped;
    private long _accepted;
    private bool _disposed;

    /// <summary>Creates the directory of <paramref name="node"/> and registers its request handler there (replacing any other of <see cref="Protocol"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public KeywordDirectory(IDhtNode node, TimeProvider time, KeywordDirectoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new KeywordDirectoryOptions();
        _options.Validate();
        _node = node;
        _time = time;
        _store = new KeywordStore(_options.MaxPerKeyword, _options.MaxAnnouncements, _options.AnnouncementTtl);
        node.RegisterRequestHandler(Protocol, HandleRequest);
    }

    /// <summary>Requests this node received and dropped: undecodable, over a limit, or announcing a word that is not a keyword of its metadata.</summary>
    public long DroppedRequests => Interlocked.Read(ref _dropped);

    /// <summary>Announcements this node received and stored.</summary>
    public long AcceptedAnnouncements => Interlocked.Read(ref _accepted);

    /// <summary>Announcements this node holds for others (including expired ones not yet swept).</summary>
    public int HeldAnnouncements
    {
        get
        {
            lock (_lock)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>
    /// Announces <paramref name="entry"/> under each of its keywords (filename words and tags,
    /// <see cref="Keywords.Of"/>) to the <see cref="KeywordDirectoryOptions.Replicas"/> closest nodes of each.
    /// Fields that do not fit one datagram are cut (description first, then tags, content type, filename).
    /// Repeat it before <see cref="KeywordDirectoryOptions.AnnouncementTtl"/> passes to keep the content findable.
    /// </summary>
    /// <returns>How many (keyword, node) announcements were accepted; 0 when the entry has no keyword or no node answered.</returns>
    /// <exception cref="ArgumentException">The content is not <see cref="AccessLevel.Public"/>, or its metadata is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The directory was disposed.</exception>
    public async Task<int> AnnounceAsync(ContentIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Metadata);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (entry.Metadata.Access != AccessLevel.Public)
        {
            throw new ArgumentException($"Only public content is announced in the DHT; this content is {entry.Metadata.Access}. Keep it in the local index only.", nameof(entry));
        }

        IReadOnlyList<string> problems = entry.Metadata.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The metadata cannot be announced: " + string.Join("; ", problems), nameof(entry));
        }

        int accepted = 0;
        await Parallel.ForEachAsync(
            Keywords.Of(entry.Metadata),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelKeywords, CancellationToken = cancellationToken },
            async (keyword, token) =>
            {
                byte[]? payload = KeywordMessages.FitAnnouncement(keyword, entry, _node.MaxPayloadSize);
                if (payload is null)
                {
                    return;
                }

                IReadOnlyList<Contact> closest = await _node.FindNodeAsync(Keywords.KeyOf(keyword), token).ConfigureAwait(false);
                AppResponse[] replies = await Task.WhenAll(
                    closest.Where(c => c.Id != _node.Self.Id).Take(_options.Replicas).Select(c => _node.SendRequestAsync(c, Protocol, payload, token))).ConfigureAwait(false);
                int ok = replies.Count(r => r.Success && KeywordMessages.TryReadStatus(r.Payload.Span, out KeywordStatus status) && status == KeywordStatus.Ok);
                Interlocked.Add(ref accepted, ok);
            }).ConfigureAwait(false);
        return accepted;
    }

    /// <summary>
    /// Finds the public content announced under <paramref name="word"/> (lowercased) by asking the
    /// <see cref="KeywordDirectoryOptions.Replicas"/> closest nodes of its key and this node's own store.
    /// Hits are deduplicated by id (the highest version wins), newest first, with FromNetwork true.
    /// Nodes that do not answer or answer malformed replies are skipped.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="word"/> is empty or white space.</exception>
    /// <exception cref="ObjectDisposedException">The directory was disposed.</exception>
    public async Task<IReadOnlyList<ContentSearchHit>> QueryAsync(string word, CancellationToken cancellationToken = default)
    {
        DhtKey key = Keywords.KeyOf(word);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IReadOnlyList<Contact> closest = await _node.FindNodeAsync(key, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ContentIndexEntry>[] answers = await Task.WhenAll(
            closest.Where(c => c.Id != _node.Self.Id).Take(_options.Replicas).Select(c => AskAsync(c, key, cancellationToken))).ConfigureAwait(false);

        var best = new Dictionary<ContentId, ContentIndexEntry>();
        IReadOnlyList<ContentIndexEntry> local;
        lock (_lock)
        {
            local = _store.Get(key, _time.GetUtcNow());
        }

        foreach (ContentIndexEntry entry in answers.SelectMany(a => a).Concat(local))
        {
            if (!best.TryGetValue(entry.Id, out ContentIndexEntry? held) || held.Version < entry.Version)
            {
                best[entry.Id] = entry;
            }
        }

        return best.Values.OrderByDescending(e => e.Created).ThenBy(e => e.Id.Key).Select(e => e.ToHit(fromNetwork: true)).ToList();
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _store.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<ContentIndexEntry>> AskAsync(Contact contact, DhtKey key, CancellationToken cancellationToken)
    {
        var entries = new List<ContentIndexEntry>();
        int offset = 0;
        for (int page = 0; page < _options.MaxQueryPages; page++)
        {
            AppResponse response = await _node.SendRequestAsync(contact, Protocol, KeywordMessages.Query(key, offset), cancellationToken).ConfigureAwait(false);
            if (!response.Success || !KeywordMessages.TryReadQueryReply(response.Payload.Span, out int total, out int next, out IReadOnlyList<ContentIndexEntry> found))
            {
                break;
            }

            entries.AddRange(found.Where(e => Keywords.IsKeywordOf(key, e.Metadata)));
            if (next <= offset || next >= total)
            {
                break;
            }

            offset = next;
        }

        return entries;
    }

    private ValueTask<ReadOnlyMemory<byte>> HandleRequest(Contact sender, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!KeywordMessages.TryReadRequest(payload.Span, out byte kind, out DhtKey key, out ContentIndexEntry? entry, out int offset))
        {
            return Drop(KeywordStatus.Malformed);
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return Reply(KeywordMessages.Status(KeywordStatus.Unavailable));
            }

            DateTimeOffset now = _time.GetUtcNow();
            if (kind == KeywordMessages.AnnounceKind)
            {
                if (!Keywords.IsKeywordOf(key, entry!.Metadata))
                {
                    return Drop(KeywordStatus.NotAKeyword);
                }

                // A held higher version is kept; the announcer still reached a holder of the keyword.
                if (_store.Put(key, entry, now))
                {
                    Interlocked.Increment(ref _accepted);
                }

                return Reply(KeywordMessages.Status(KeywordStatus.Ok));
            }

            IReadOnlyList<ContentIndexEntry> held = _store.Get(key, now);
            IReadOnlyList<ContentIndexEntry> page = offset < held.Count ? held.Skip(offset).ToList() : [];
            return Reply(KeywordMessages.QueryReply(page, offset, held.Count, _node.MaxPayloadSize));
        }
    }

    private ValueTask<ReadOnlyMemory<byte>> Drop(KeywordStatus status)
    {
        Interlocked.Increment(ref _dropped);
        return Reply(KeywordMessages.Status(status));
    }

    private static ValueTask<ReadOnlyMemory<byte>> Reply(byte[] bytes) => ValueTask.FromResult<ReadOnlyMemory<byte>>(bytes);
}
