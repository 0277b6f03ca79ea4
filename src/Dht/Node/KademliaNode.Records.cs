using System.Collections.Concurrent;
using System.Net;
using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    private readonly ConcurrentDictionary<DhtKey, DateTimeOffset> _lastPublished = new();
    private readonly ConcurrentDictionary<DhtKey, HashSet<NodeId>> _lastHolders = new();

    // When a peer last stored each held record here. Kademlia §2.5: a node that received a STORE of
    // a record within the last replication interval skips re-replicating it, because the sender
    // just placed it on the closest nodes it found. Without it every holder pushed every record to
    // every other holder on its first maintenance pass (k² stores per record; issue 10's cluster
    // stalled for 6-13 s a minute after start).
    private readonly ConcurrentDictionary<DhtKey, DateTimeOffset> _lastReceived = new();
    private DateTimeOffset _lastReplication = DateTimeOffset.MinValue;

    // What the maintenance pass learned of each held record the last time it read it: its kind and whether this node
    // published it. The pass reads a record (value and all) only when that says a republish or re-replication may be
    // due, or when it does not know the record yet; before, it read every held record in full every minute, shards
    // included (which it never acts on), so its cost grew with the bytes stored. A record this node stores new is
    // entered as put; other writes through this node forget the entry (the kind and the published flag of a key change
    // only through them), and records found in the store at start are read once.
    private readonly ConcurrentDictionary<DhtKey, (RecordKind Kind, bool PublishedLocally)> _maintenanceView = new();

    public async Task<Contact?> PingAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        NodeId? known;
        lock (_tableLock)
        {
            known = _table.Entries().FirstOrDefault(e => e.Contact.EndPoint.Equals(endPoint))?.Contact.Id;
        }

        return await PingAsync(endPoint, known, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pings <paramref name="endPoint"/>, expecting <paramref name="expected"/> to answer when known; the answering contact, or null.</summary>
    private async Task<Contact?> PingAsync(IPEndPoint endPoint, NodeId? expected, CancellationToken cancellationToken)
    {
        Reply? reply = await RequestAsync(endPoint, expected, MessageType.Ping, EmptyBody.Instance, cancellationToken).ConfigureAwait(false);
        return reply is { Type: MessageType.Pong } ? reply.From : null;
    }

    public async Task<int> JoinAsync(IEnumerable<IPEndPoint> bootstrap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        List<IPEndPoint> endpoints = bootstrap.Where(e => !e.Equals(Self.EndPoint)).ToList();
        List<Contact> saved = _savedContacts.Where(c => !endpoints.Contains(c.EndPoint)).ToList();
        Contact?[] answered = await Task.WhenAll(
            endpoints.Select(e => PingAsync(e, cancellationToken)).Concat(saved.Select(c => PingAsync(c.EndPoint, c.Id, cancellationToken)))).ConfigureAwait(false);
        if (answered.All(c => c is null))
        {
            Log.Joined(_logger, 0, 0);
            return 0;
        }

        await FindNodeAsync(DhtKey.FromNode(Self.Id), cancellationToken).ConfigureAwait(false);

        // Refresh every bucket farther than the closest neighbour (Kademlia §2.3 join).
        List<int> farther;
        lock (_tableLock)
        {
            int nearest = _table.Closest(DhtKey.FromNode(Self.Id), 1) is [Contact closest] ? _table.BucketIndex(closest.Id) : 0;
            farther = Enumerable.Range(0, nearest).Where(i => _table.Bucket(i).Count < _config.K).ToList();
        }

        await RefreshBucketsAsync(farther, cancellationToken).ConfigureAwait(false);
        int contacts = GetContacts().Count;
        int reached = answered.Count(c => c is not null);
        Log.Joined(_logger, reached, contacts);
        return contacts;
    }

    public Task<StoreResult> StoreAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        CheckValue(value);
        DhtRecord record = RecordValidation.Immutable(value, _time.GetUtcNow() + _config.RecordTtl) with { PublishedLocally = true };
        return PublishAsync(record, cancellationToken);
    }

    public Task<StoreResult> PutMutableAsync(string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 1024)
        {
            throw new ArgumentException("A mutable record name may be at most 1,024 UTF-8 bytes.", nameof(name));
        }

        return PutMutableAsync(_signer, name, sequence, value, publishedLocally: true, cancellationToken);
    }

    /// <summary>
    /// Signs and publishes a mutable record. The node republishes the records it signed itself
    /// (<paramref name="publishedLocally"/>); records of another owner are that owner's to renew.
    /// </summary>
    private Task<StoreResult> PutMutableAsync(INodeSigner owner, string name, ulong sequence, ReadOnlyMemory<byte> value, bool publishedLocally, CancellationToken cancellationToken)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 1024)
        {
            throw new ArgumentException("A mutable record name may be at most 1,024 UTF-8 bytes.", nameof(name));
        }

        CheckValue(value);
        DhtRecord record = RecordValidation.Mutable(owner, name, sequence, value, _time.GetUtcNow() + _config.RecordTtl) with { PublishedLocally = publishedLocally };
        return PublishAsync(record, cancellationToken);
    }

    public async Task<FindValueResult> FindValueAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        DhtRecord? local = await GetLiveRecordAsync(key, cancellationToken).ConfigureAwait(false);
        if (local is { Kind: not RecordKind.Mutable })
        {
            _counters.OnLookup(true);
            return new FindValueResult(local with { PublishedLocally = false }, [Self], 0, 0);
        }

        // A mutable record is looked up even when held here: this copy may be older than the network's.
        LookupOutcome outcome = await LookupAsync(key, LookupKind.Value, cancellationToken).ConfigureAwait(false);
        DhtRecord? newest = local is not null && (outcome.Record is null || local.Sequence >= outcome.Record.Sequence)
            ? local with { PublishedLocally = false }
            : outcome.Record;
        return new FindValueResult(newest, outcome.Closest, outcome.Rounds, outcome.Messages);
    }

    public async Task RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int expired = await _store.RemoveExpiredAsync(now, cancellationToken).ConfigureAwait(false);
        List<int> stale;
        lock (_tableLock)
        {
            stale = _table.BucketsToRefresh(now);
        }

        await RefreshBucketsAsync(stale, cancellationToken).ConfigureAwait(false);
        await CheckLivenessAsync(cancellationToken).ConfigureAwait(false);
        int republished = 0;
        int replicated = 0;
        bool replicate = now - _lastReplication >= _config.ReplicationInterval;
        IReadOnlyCollection<DhtKey> held = await _store.KeysAsync(cancellationToken).ConfigureAwait(false);
        ForgetRecordsNotHeld(held);
        foreach (DhtKey key in held)
        {
            if (_maintenanceView.TryGetValue(key, out var known) && !MaintenanceDue(key, known.Kind, known.PublishedLocally, now, replicate))
            {
                continue;
            }

            DhtRecord? record = await GetLiveRecordAsync(key, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                continue;
            }

            _maintenanceView[key] = (record.Kind, record.PublishedLocally);
            if (!MaintenanceDue(key, record.Kind, record.PublishedLocally, now, replicate))
            {
                continue;
            }

            if (record.PublishedLocally)
            {
                await PublishAsync(record with { ExpiresAt = now + _config.RecordTtl }, cancellationToken).ConfigureAwait(false);
                republished++;
            }
            else if (await ReplicateAsync(record, cancellationToken).ConfigureAwait(false))
            {
                replicated++;
            }
        }

        if (replicate)
        {
            _lastReplication = now;
        }

        SaveRoutingSnapshot();
        Log.Maintenance(_logger, expired, stale.Count, republished, replicated);
    }

    /// <summary>
    /// Whether the maintenance pass acts on a held record: one this node published, when its republish interval has
    /// passed; any other but a placed one (its writer renews it), when re-replication runs this pass and no peer
    /// stored it here within the replication interval.
    /// </summary>
    private bool MaintenanceDue(DhtKey key, RecordKind kind, bool publishedLocally, DateTimeOffset now, bool replicate) =>
        publishedLocally
            ? now - _lastPublished.GetValueOrDefault(key, DateTimeOffset.MinValue) >= _config.RepublishInterval
            : kind != RecordKind.Placed && replicate && now - _lastReceived.GetValueOrDefault(key, DateTimeOffset.MinValue) >= _config.ReplicationInterval;

    /// <summary>Drops the per-record bookkeeping of records this node no longer holds (expired or evicted), so it stays bounded by the store.</summary>
    private void ForgetRecordsNotHeld(IReadOnlyCollection<DhtKey> held)
    {
        var keep = held as ISet<DhtKey> ?? held.ToHashSet();
        foreach (DhtKey key in _lastReceived.Keys.Concat(_lastHolders.Keys).Concat(_lastPublished.Keys).Concat(_maintenanceView.Keys).Where(k => !keep.Contains(k)).ToList())
        {
            _maintenanceView.TryRemove(key, out _);
            _lastReceived.TryRemove(key, out _);
            _lastHolders.TryRemove(key, out _);
            _lastPublished.TryRemove(key, out _);
        }
    }

    /// <summary>Writes the non-stale contacts to <see cref="DhtNodeOptions.RoutingSnapshotPath"/>, if set; a failure is logged, never thrown.</summary>
    private void SaveRoutingSnapshot()
    {
        if (_snapshotPath is null)
        {
            return;
        }

        List<Contact> contacts;
        lock (_tableLock)
        {
            contacts = _table.Entries().Where(e => e.Failures < _config.StaleAfterFailures).Select(e => e.Contact).ToList();
        }

        // Rewritten (and fsynced) only when the table changed since the last write.
        if (contacts.Count == 0 || (_savedSnapshot is not null && contacts.SequenceEqual(_savedSnapshot)))
        {
            return;
        }

        try
        {
            Routing.RoutingSnapshot.Write(_snapshotPath, contacts);
            _savedSnapshot = contacts;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.SnapshotFailed(_logger, _snapshotPath, e);
        }
    }

    private void CheckValue(ReadOnlyMemory<byte> value)
    {
        if (value.IsEmpty || value.Length > _config.MaxValueSize)
        {
            throw new ArgumentException($"A record value must hold 1 to {_config.MaxValueSize} bytes (DhtConfig.MaxValueSize); got {value.Length}.", nameof(value));
        }

        if (_bulk is null && !FitsDatagram(new RecordBody(new DhtRecord { Key = default, Kind = RecordKind.Mutable, Value = value, Owner = _signer.PublicKey, Name = new string('n', 64), Signature = new byte[_signer.SignatureSize] }, 1)))
        {
            throw new ArgumentException(
                $"A value of {value.Length} bytes does not fit one datagram (DhtConfig.MaxDatagramSize = {_config.MaxDatagramSize}) and this node's transport has no bulk channel; split it into chunks of at most {_config.MaxDatagramSize - 500} bytes.",
                nameof(value));
        }
    }

    /// <summary>
    /// Stores <paramref name="record"/> on the k closest nodes, and here when this node is among them or
    /// republishes it. A node that only relays an owner's mutable record keeps no copy, and drops an
    /// older one it held: a local copy is answered first by FindValue, so a stale one would hide the update.
    /// </summary>
    private async Task<StoreResult> PublishAsync(DhtRecord record, CancellationToken cancellationToken)
    {
        IReadOnlyList<Contact> closest = await FindNodeAsync(record.Key, cancellationToken).ConfigureAwait(false);
        RecordPutOutcome? local = null;
        _maintenanceView.TryRemove(record.Key, out _);
        if (record.PublishedLocally || IsAmongClosest(record.Key, closest))
        {
            local = await _store.PutAsync(record, cancellationToken).ConfigureAwait(false);
            if (local == RecordPutOutcome.Stored)
            {
                _maintenanceView[record.Key] = (record.Kind, record.PublishedLocally);
            }
        }
        else if (await _store.GetAsync(record.Key, cancellationToken).ConfigureAwait(false) is { Kind: RecordKind.Mutable } held && held.Sequence < record.Sequence)
        {
            await _store.RemoveAsync(record.Key, cancellationToken).ConfigureAwait(false);
        }

        var body = new RecordBody(record, (uint)Math.Max(1, (record.ExpiresAt - _time.GetUtcNow()).TotalSeconds));
        bool large = !FitsDatagram(body);
        (Contact Node, Reply? Reply)[] replies = await Task.WhenAll(closest.Select(async c =>
            (c, await SendStoreAsync(c, body, large, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var stored = new List<Contact>();
        var refused = new List<(Contact, DhtErrorCode)>();
        if (local is RecordPutOutcome.Stored or RecordPutOutcome.Replaced or RecordPutOutcome.Refreshed && IsAmongClosest(record.Key, closest))
        {
            stored.Add(Self);
        }

        foreach ((Contact node, Reply? reply) in replies)
        {
            if (reply?.Type == MessageType.StoreOk)
            {
                stored.Add(node);
            }
            else
            {
                refused.Add((node, reply?.Type == MessageType.Error ? ErrorCodeOf(reply) : DhtErrorCode.Timeout));
            }
        }

        if (stored.Count == 0 && (local == RecordPutOutcome.StorageFull || refused.Any(r => r.Item2 == DhtErrorCode.StorageFull)))
        {
            throw new DhtStorageFullException();
        }

        if (local == RecordPutOutcome.RefusedOlderSequence || refused.Any(r => r.Item2 == DhtErrorCode.OlderSequence) && stored.Count == 0)
        {
            throw new DhtException($"The record under {record.Key} was refused: a version with a higher sequence number than {record.Sequence} exists. Publish with a higher sequence number.");
        }

        _lastPublished[record.Key] = _time.GetUtcNow();
        return new StoreResult(record.Key, stored, refused);
    }

    /// <summary>Re-replication by a holder: stores the record on nodes that joined the closest set since the last pass.</summary>
    private async Task<bool> ReplicateAsync(DhtRecord record, CancellationToken cancellationToken)
    {
        IReadOnlyList<Contact> closest = await FindNodeAsync(record.Key, cancellationToken).ConfigureAwait(false);
        HashSet<NodeId> previous = _lastHolders.GetValueOrDefault(record.Key) ?? [];
        List<Contact> added = closest.Where(c => !previous.Contains(c.Id)).ToList();
        _lastHolders[record.Key] = closest.Select(c => c.Id).ToHashSet();
        if (added.Count == 0)
        {
            return false;
        }

        var body = new RecordBody(record, RemainingTtl(record));
        bool large = !FitsDatagram(body);
        await Task.WhenAll(added.Select(c => SendStoreAsync(c, body, large, cancellationToken))).ConfigureAwait(false);
        return true;
    }

    private async Task RefreshBucketsAsync(List<int> buckets, CancellationToken cancellationToken)
    {
        foreach (int index in buckets)
        {
            DhtKey target;
            lock (_tableLock)
            {
                lock (_randomLock)
                {
                    target = _table.RandomKeyInBucket(index, _random);
                }

                _table.MarkRefreshed(index, _time.GetUtcNow());
            }

            await FindNodeAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether this node is one of the k closest to <paramref name="key"/> and so holds it; never for a client, which no one can find.</summary>
    private bool IsAmongClosest(DhtKey key, IReadOnlyList<Contact> closest) =>
        !_clientMode && (closest.Count < _config.K || Self.Id.Value.Xor(key.Value) < closest[^1].Id.Value.Xor(key.Value));

    private static DhtErrorCode ErrorCodeOf(Reply reply)
    {
        try
        {
            return ErrorBody.Read(reply.Body.Span).Code;
        }
        catch (Exception e) when (e is Types.MessagePack.MessagePackSerializationException or WireFormatException)
        {
            return DhtErrorCode.BadRequest;
        }
    }
}
