using System.Buffers;
using System.Security.Cryptography;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Pipeline;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    /// <summary>
    /// Reads the stream segment by segment (at most MaxSegmentsInFlight in memory), encodes and places
    /// each, then stores the signed manifest and advances the head record. Nothing is acknowledged
    /// until the head record names the new manifest: a failed or cancelled upload leaves only shards
    /// that no manifest names, which age out when their TTL runs out.
    /// </summary>
    private async Task<ContentReceipt> StoreVersionAsync(
        ContentId id, string name, ulong version, ulong sequence, IReadOnlyList<ContentVersion> previous,
        Stream content, ContentUploadOptions options, ContentMetadata metadata, IReadOnlyList<PublicIdentity> grantees, CancellationToken cancellationToken)
    {
        ContentOwner owner = RequireOwner("upload");
        EncryptionLevel level = options.Encryption ?? _options.Content.DefaultEncryption;
        SegmentCipherKind cipher = level == EncryptionLevel.None ? SegmentCipherKind.None : SegmentCipherKind.Aes256Gcm;
        byte[] key = cipher == SegmentCipherKind.None ? [] : RandomNumberGenerator.GetBytes(SegmentCipher.KeySize);
        DateTimeOffset created = _options.Time.GetUtcNow();
        long? total = content.CanSeek ? content.Length - content.Position : null;
        long? expected = total is { } t ? checked(((t / _codec.DataShards) + _options.SegmentSize) * _codec.TotalShards) : null;
        ShardPlacer placer = await ShardPlacer.CreateAsync(_node, id, _codec.TotalShards, _limiter, _options.ShardTimeToLive, _options.HostSelector, expected, repair: false, cancellationToken).ConfigureAwait(false);

        var segments = new List<Task<SegmentEntry>>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var window = new SemaphoreSlim(Window, Window);
        using var hasher = Blake3.Hasher.New();
        int segmentSize = _options.SegmentSize;
        long length = 0;
        long done = 0;
        long bytesDone = 0;
        try
        {
            while (true)
            {
                await window.WaitAsync(failed.Token).ConfigureAwait(false);
                byte[] buffer = SegmentPool.Instance.Rent(segmentSize);
                int read;
                try
                {
                    read = await content.ReadAtLeastAsync(buffer.AsMemory(0, segmentSize), segmentSize, throwOnEndOfStream: false, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    SegmentPool.Instance.Return(buffer);
                    window.Release();
                    throw;
                }

                if (read == 0)
                {
                    SegmentPool.Instance.Return(buffer);
                    window.Release();
                    break;
                }

                length += read;
                if (length > _options.Content.MaxContentSize)
                {
                    SegmentPool.Instance.Return(buffer);
                    window.Release();
                    throw new ContentException($"The content exceeds ContentConfig.MaxContentSize ({_options.Content.MaxContentSize:N0} bytes); nothing was stored.");
                }

                hasher.Update(buffer.AsSpan(0, read));
                long index = segments.Count;
                segments.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            SegmentEntry entry = await EncodeAndPlaceAsync(placer, id, version, index, buffer, read, cipher, key, failed.Token).ConfigureAwait(false);
                            long segmentsDone = Interlocked.Increment(ref done);
                            long bytes = Interlocked.Add(ref bytesDone, read);
                            options.Progress?.Report(new ContentProgress(bytes, total, segmentsDone));
                            return entry;
                        }
                        catch
                        {
                            await failed.CancelAsync().ConfigureAwait(false);
                            throw;
                        }
                        finally
                        {
                            SegmentPool.Instance.Return(buffer);
                            window.Release();
                        }
                    },
                    CancellationToken.None));
                if (read < segmentSize)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A segment failed and cancelled the rest: surface its error below.
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            await DrainAsync(segments).ConfigureAwait(false);
            throw;
        }

        SegmentEntry[] entries;
        try
        {
            entries = await Task.WhenAll(segments).ConfigureAwait(false);
        }
        catch
        {
            await DrainAsync(segments).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw segments.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException)?.Exception!.InnerException
                ?? new OperationCanceledException(cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await placer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var plainHash = new byte[Hash256.Size];
        hasher.Finalize(plainHash);
        Manifest manifest = await BuildManifestAsync(id, version, length, new Hash256(plainHash), level, metadata, grantees, created, owner, key, entries, cancellationToken).ConfigureAwait(false);
        DhtKey manifestKey = await PublishManifestAsync(manifest, TableOf(manifest, entries), owner, cancellationToken).ConfigureAwait(false);
        var versions = previous.Append(new ContentVersion(version, manifestKey, length, created)).TakeLast(HeadRecord.MaxVersions).ToList();
        await _node.PutSignedAsync(owner.Records, ContentId.NamePrefix + name, sequence, new HeadRecord(false, versions).Encode(), cancellationToken).ConfigureAwait(false);
        _owned.Add(id);
        await OnStoredAsync(manifest, metadata, cancellationToken).ConfigureAwait(false);
        long storedBytes = entries.Sum(e => (long)e.ShardLength * e.Shards.Count);
        int holders = entries.SelectMany(e => e.Shards).SelectMany(s => s.Holders).Select(h => h.Id).Distinct().Count();
        return new ContentReceipt(id, version, manifestKey, length, new ContentHash(new Hash256(plainHash)), storedBytes, entries.Length, entries.Length * (long)_codec.TotalShards, holders, cipher != SegmentCipherKind.None);
    }

    private async Task<SegmentEntry> EncodeAndPlaceAsync(ShardPlacer placer, ContentId id, ulong version, long index, byte[] buffer, int length, SegmentCipherKind cipher, byte[] key, CancellationToken cancellationToken)
    {
        using EncodedSegment encoded = _codec.Encode(buffer.AsSpan(0, length), cipher, key, id, version, index);
        ShardEntry[] shards = await placer.PlaceAsync(index, encoded, null, cancellationToken).ConfigureAwait(false);
        return new SegmentEntry(length, encoded.StoredLength, encoded.SealedLength, encoded.Compressed, encoded.ShardLength, shards);
    }

    private async Task<Manifest> BuildManifestAsync(
        ContentId id, ulong version, long length, Hash256 plainHash, EncryptionLevel level, ContentMetadata metadata, IReadOnlyList<PublicIdentity> grantees,
        DateTimeOffset created, ContentOwner owner, byte[] key, IReadOnlyList<SegmentEntry> entries, CancellationToken cancellationToken)
    {
        var merkle = new ShardMerkleRoot();
        foreach (ShardEntry shard in entries.SelectMany(e => e.Shards))
        {
            merkle.Add(shard.Key);
        }

        var manifest = new Manifest
        {
            Id = id,
            Version = version,
            Length = length,
            PlainHash = plainHash,
            SegmentSize = _options.SegmentSize,
            DataShards = _codec.DataShards,
            ParityShards = _codec.TotalShards - _codec.DataShards,
            Encryption = level,
            Metadata = metadata,
            Created = created,
            Owner = owner.PublicKey,
            OwnerAlgorithm = owner.Records.Algorithm,
            OwnerIdentity = owner.Identity,
            MerkleRoot = merkle.Root(),
        };
        if (manifest.HidesMetadata)
        {
            manifest = manifest with { Metadata = MetadataSeal.PublicPart(metadata), SealedMetadata = MetadataSeal.Seal(metadata, key, id, version) };
        }

        if (level != EncryptionLevel.None)
        {
            var context = new ContentKeyContext(id, version);
            bool hybrid = level == EncryptionLevel.QuantumResistant;
            List<WrappedKey> table = _options.Identity is { } identity
                ? [IdentityKeyTable.Wrap(identity.Public, key, context, hybrid), .. grantees.Select(g => IdentityKeyTable.Wrap(g, key, context, hybrid))]
                : [.. _options.KeyProtector!.Wrap(key, context)];
            if (metadata.Access == AccessLevel.Public)
            {
                table.Add(ContentKeyTable.Published(key));
            }

            manifest = manifest with { WrappedKeys = table, Grantees = grantees.Select(g => (ReadOnlyMemory<byte>)g.Encode()).ToList() };
        }

        return await WithSegmentTableAsync(manifest, entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts the table inline, or stores it as chunks of SegmentsPerManifestRecord segments and lists them.</summary>
    private async Task<Manifest> WithSegmentTableAsync(Manifest manifest, IReadOnlyList<SegmentEntry> entries, CancellationToken cancellationToken)
    {
        int perRecord = _options.SegmentsPerManifestRecord;
        if (entries.Count <= perRecord)
        {
            return manifest with { Segments = entries, Chunks = [] };
        }

        var chunks = new List<ManifestChunkRef>();
        for (int first = 0; first < entries.Count; first += perRecord)
        {
            List<SegmentEntry> part = entries.Skip(first).Take(perRecord).ToList();
            StoreResult stored = await StoreRecordAsync(ManifestCodec.EncodeChunk(first, part), "segment-table chunk", cancellationToken).ConfigureAwait(false);
            chunks.Add(new ManifestChunkRef(stored.Key, first, part.Count));
        }

        return manifest with { Segments = [], Chunks = chunks };
    }

    private async Task<DhtKey> PublishManifestAsync(Manifest manifest, SegmentTable table, ContentOwner owner, CancellationToken cancellationToken)
    {
        StoreResult stored = await StoreRecordAsync(ManifestCodec.EncodeSigned(manifest, owner.Manifests), "manifest", cancellationToken).ConfigureAwait(false);
        _manifests.Add(stored.Key, (manifest, table));
        return stored.Key;
    }

    /// <summary>
    /// Stores an immutable record on the closest nodes. A pass that lands on no node (every holder
    /// timed out or refused, as happens for a moment on a loaded machine or while routing tables fill)
    /// is repeated twice, 250 and 500 ms later, with a fresh lookup; then the upload fails with every
    /// refusal named.
    /// </summary>
    private async Task<StoreResult> StoreRecordAsync(ReadOnlyMemory<byte> value, string what, CancellationToken cancellationToken)
    {
        const int Attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            StoreResult stored = await _node.StoreAsync(value, cancellationToken).ConfigureAwait(false);
            if (stored.StoredOn.Count > 0)
            {
                return stored;
            }

            if (attempt == Attempts)
            {
                string refusals = stored.Refused.Count == 0
                    ? "no node was found to ask"
                    : string.Join(", ", stored.Refused.Select(r => $"{r.Node.EndPoint} {r.Error}"));
                throw new ContentException($"The {what} {stored.Key} was stored on no node after {Attempts} attempts ({refusals}); the network may be unreachable or its nodes full.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250 << (attempt - 1)), _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DrainAsync(IEnumerable<Task> tasks)
    {
        foreach (Task task in tasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The first failure is rethrown by the caller; the rest are consequences of cancelling.
            }
        }
    }
}
