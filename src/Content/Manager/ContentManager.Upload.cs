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

        // Segments still being placed, in order; the table takes each entry once those before it are in, and stores a
        // chunk of it as soon as one is complete, so the upload holds at most a chunk of entries, not the whole table.
        var segments = new Queue<Task<SegmentEntry>>();
        SegmentTableWriter table = NewTableWriter();
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
                long index = table.Count + segments.Count;
                segments.Enqueue(Task.Run(
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
                while (segments.TryPeek(out Task<SegmentEntry>? oldest) && oldest.IsCompletedSuccessfully)
                {
                    await table.AddAsync(await segments.Dequeue().ConfigureAwait(false), failed.Token).ConfigureAwait(false);
                }

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

        try
        {
            await Task.WhenAll(segments).ConfigureAwait(false);
        }
        catch
        {
            await DrainAsync(segments).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw segments.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException)?.Exception!.InnerException
                ?? new OperationCanceledException(cancellationToken);
        }

        while (segments.TryDequeue(out Task<SegmentEntry>? next))
        {
            await table.AddAsync(await next.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await placer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var plainHash = new byte[Hash256.Size];
        hasher.Finalize(plainHash);
        (IReadOnlyList<SegmentEntry> inline, IReadOnlyList<ManifestChunkRef> chunks) = await table.CompleteAsync(cancellationToken).ConfigureAwait(false);
        Manifest manifest = BuildManifest(id, version, length, new Hash256(plainHash), level, metadata, grantees, created, owner, key, table.MerkleRoot) with { Segments = inline, Chunks = chunks };
        DhtKey manifestKey = await PublishManifestAsync(manifest, TableOf(manifest, inline), owner, cancellationToken).ConfigureAwait(false);
        var versions = previous.Append(new ContentVersion(version, manifestKey, length, created)).TakeLast(HeadRecord.MaxVersions).ToList();
        await _node.PutSignedAsync(owner.Records, ContentId.NamePrefix + name, sequence, new HeadRecord(false, versions).Encode(), cancellationToken).ConfigureAwait(false);
        _owned.Add(id);
        await OnStoredAsync(manifest, metadata, cancellationToken).ConfigureAwait(false);
        return new ContentReceipt(id, version, manifestKey, length, new ContentHash(new Hash256(plainHash)), table.StoredBytes, checked((int)table.Count), table.Count * _codec.TotalShards, table.Holders, cipher != SegmentCipherKind.None);
    }

    private async Task<SegmentEntry> EncodeAndPlaceAsync(ShardPlacer placer, ContentId id, ulong version, long index, byte[] buffer, int length, SegmentCipherKind cipher, byte[] key, CancellationToken cancellationToken)
    {
        using EncodedSegment encoded = _codec.Encode(buffer.AsSpan(0, length), cipher, key, id, version, index);
        ShardEntry[] shards = await placer.PlaceAsync(index, encoded, null, cancellationToken).ConfigureAwait(false);
        return new SegmentEntry(length, encoded.StoredLength, encoded.SealedLength, encoded.Compressed, encoded.ShardLength, shards);
    }

    /// <summary>The manifest of a new version without its segment table.</summary>
    private Manifest BuildManifest(
        ContentId id, ulong version, long length, Hash256 plainHash, EncryptionLevel level, ContentMetadata metadata, IReadOnlyList<PublicIdentity> grantees,
        DateTimeOffset created, ContentOwner owner, byte[] key, Hash256 merkleRoot)
    {
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
            MerkleRoot = merkleRoot,
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

        return manifest;
    }

    /// <summary>A table writer that stores its chunks of SegmentsPerManifestRecord segments as immutable records.</summary>
    private SegmentTableWriter NewTableWriter() =>
        new(_options.SegmentsPerManifestRecord, async (first, part, cancellationToken) =>
            (await StoreRecordAsync(ManifestCodec.EncodeChunk(first, part), "segment-table chunk", cancellationToken).ConfigureAwait(false)).Key);

    /// <summary>Puts the table inline, or stores it as chunks of SegmentsPerManifestRecord segments and lists them.</summary>
    private async Task<Manifest> WithSegmentTableAsync(Manifest manifest, IReadOnlyList<SegmentEntry> entries, CancellationToken cancellationToken)
    {
        SegmentTableWriter table = NewTableWriter();
        foreach (SegmentEntry entry in entries)
        {
            await table.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        (IReadOnlyList<SegmentEntry> inline, IReadOnlyList<ManifestChunkRef> chunks) = await table.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return manifest with { Segments = inline, Chunks = chunks };
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
