using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Pipeline;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    public async Task<RepairReport> RepairAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default)
    {
        ContentOwner owner = RequireOwner("repair");
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        RequireOwnerOf(head, owner, "repair");
        (RepairReport report, _) = await RepairVersionAsync(head, version, owner, cancellationToken).ConfigureAwait(false);
        return report;
    }

    public async Task<IReadOnlyList<RepairReport>> RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        if (_owner is not { } owner)
        {
            return [];
        }

        var reports = new List<RepairReport>();
        foreach (ContentId id in _owned.Snapshot())
        {
            ResolvedHead? head = await ResolveHeadAsync(id, cancellationToken).ConfigureAwait(false);
            if (head is null || head.Head.Deleted || !head.Record.Owner.Span.SequenceEqual(owner.PublicKey.Span))
            {
                _owned.Remove(id);
                continue;
            }

            // Renew the head record (same sequence: holders refresh its expiry), then every version's shards.
            await _node.PutSignedAsync(owner.Records, head.Record.Name, head.Record.Sequence, head.Record.Value, cancellationToken).ConfigureAwait(false);
            foreach (ContentVersion v in head.Head.Versions)
            {
                (RepairReport report, ResolvedHead? advanced) = await RepairVersionAsync(head, v.Version, owner, cancellationToken).ConfigureAwait(false);
                head = advanced ?? head;
                reports.Add(report);
            }

            // Keep public content findable: announcements expire unless repeated.
            ResolvedVersion latest = await ResolveVersionAsync(head, null, needKey: false, cancellationToken).ConfigureAwait(false);
            await OnStoredAsync(latest.Manifest, latest.Metadata, cancellationToken).ConfigureAwait(false);
        }

        return reports;
    }

    /// <summary>Runs maintenance every <paramref name="interval"/> of the manager's clock until disposed; a failed pass is logged and the next one runs.</summary>
    private async Task MaintenanceLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    IReadOnlyList<RepairReport> reports = await RunMaintenanceAsync(cancellationToken).ConfigureAwait(false);
                    Log.Maintenance(_options.Logger, reports.Count, reports.Sum(r => r.ShardsRepaired), reports.Sum(r => r.SegmentsUnrecoverable));
                }
                catch (Exception e) when (e is ContentException or DhtException or IOException)
                {
                    Log.MaintenanceFailed(_options.Logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>Probes and renews every shard of one version, rebuilds the missing ones, and republishes the manifest when holders changed. Returns the advanced head when it did.</summary>
    private async Task<(RepairReport Report, ResolvedHead? Head)> RepairVersionAsync(ResolvedHead head, ulong? version, ContentOwner owner, CancellationToken cancellationToken)
    {
        ResolvedVersion resolved = await ResolveVersionAsync(head, version, needKey: false, cancellationToken).ConfigureAwait(false);
        Manifest manifest = resolved.Manifest;
        ShardPlacer placer = await ShardPlacer.CreateAsync(_node, manifest.Id, _codec.TotalShards, _limiter, _options.ShardTimeToLive, _options.HostSelector, null, repair: true, cancellationToken).ConfigureAwait(false);
        ShardFetcher fetcher = NewFetcher();
        IReadOnlyList<SegmentEntry> segments = await resolved.Segments.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var updated = new SegmentEntry[segments.Count];
        long missing = 0;
        long repaired = 0;
        long unrecoverable = 0;
        long renewed = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, updated.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Window, CancellationToken = cancellationToken },
            async (s, token) =>
            {
                SegmentEntry entry = segments[s];
                bool[] live = await Task.WhenAll(entry.Shards.Select(shard => RenewAsync(shard, token))).ConfigureAwait(false);
                int liveCount = live.Count(x => x);
                Interlocked.Add(ref renewed, liveCount);
                Interlocked.Add(ref missing, live.Length - liveCount);
                updated[s] = entry;
                if (liveCount == live.Length)
                {
                    return;
                }

                if (liveCount < manifest.DataShards)
                {
                    Interlocked.Increment(ref unrecoverable);
                    return;
                }

                bool[] lost = live.Select(x => !x).ToArray();
                byte[]?[] rebuilt;
                using (FetchedShards fetched = await fetcher.FetchAsync(manifest.Id, s, entry, manifest.DataShards, token, skip: lost).ConfigureAwait(false))
                {
                    rebuilt = _codec.Rebuild(entry, fetched.Shards, lost);
                }

                var used = entry.Shards.Where((_, j) => live[j]).SelectMany(x => x.Holders).Select(h => h.Id).ToHashSet();
                var table = entry.Shards.ToArray();
                for (int j = 0; j < table.Length; j++)
                {
                    if (rebuilt[j] is not { } bytes)
                    {
                        continue;
                    }

                    if (Blake3Hashing.Compute(bytes) != table[j].Key.Value)
                    {
                        throw new ContentIntegrityException($"Shard {j} of segment {s} of content {manifest.Id} rebuilt to bytes whose BLAKE3 differs from the manifest; a source shard was bad. Nothing was placed.");
                    }

                    table[j] = await placer.PlaceOneAsync(s, j, bytes, table[j].Key, used, token).ConfigureAwait(false);
                    Interlocked.Increment(ref repaired);
                }

                updated[s] = entry with { Shards = table };
            }).ConfigureAwait(false);

        ResolvedHead? advanced = null;
        if (repaired > 0)
        {
            await placer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            Manifest rewritten = await WithSegmentTableAsync(manifest, updated, cancellationToken).ConfigureAwait(false);
            DhtKey key = await PublishManifestAsync(rewritten, TableOf(rewritten, updated), owner, cancellationToken).ConfigureAwait(false);
            var versions = head.Head.Versions.Select(v => v.Version == manifest.Version ? v with { ManifestKey = key } : v).ToList();
            var value = new HeadRecord(false, versions).Encode();
            await _node.PutSignedAsync(owner.Records, head.Record.Name, head.Record.Sequence + 1, value, cancellationToken).ConfigureAwait(false);
            advanced = head with { Record = head.Record with { Sequence = head.Record.Sequence + 1, Value = value }, Head = new HeadRecord(false, versions) };
        }

        var report = new RepairReport(manifest.Id, manifest.Version, updated.Length, missing, repaired, unrecoverable, renewed);
        return (report, advanced);
    }

    /// <summary>Renews one shard on its holders; true when at least one still holds it.</summary>
    private async Task<bool> RenewAsync(ShardEntry shard, CancellationToken cancellationToken)
    {
        bool held = false;
        foreach (Contact holder in shard.Holders)
        {
            using (await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                held |= await _node.RenewAtAsync(holder, shard.Key, _options.ShardTimeToLive, cancellationToken).ConfigureAwait(false) == DhtErrorCode.None;
            }
        }

        return held;
    }
}
