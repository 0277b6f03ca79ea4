using System.Buffers;
using System.IO.Pipelines;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Pipeline;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    public async Task<Stream> OpenReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default)
    {
        ResolvedVersion resolved = await ResolveVersionAsync(id, version, needKey: true, cancellationToken).ConfigureAwait(false);
        await IndexOnReadAsync(resolved, cancellationToken).ConfigureAwait(false);
        return new ContentReadStream(this, resolved, NewFetcher(), Window);
    }

    public Task<DownloadResult> DownloadToPipeAsync(ContentId id, PipeWriter destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return DownloadAsync(id, destination.AsStream(leaveOpen: true), version, progress, cancellationToken);
    }

    public async Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ResolvedVersion resolved = await ResolveVersionAsync(id, version, needKey: true, cancellationToken).ConfigureAwait(false);
        await IndexOnReadAsync(resolved, cancellationToken).ConfigureAwait(false);
        ShardFetcher fetcher = NewFetcher();
        long count = resolved.Manifest.SegmentCount;
        var pending = new Queue<Task<byte[]>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var hasher = Blake3.Hasher.New();
        long next = 0;
        long written = 0;
        try
        {
            for (long s = 0; s < count; s++)
            {
                while (pending.Count < Window && next < count)
                {
                    pending.Enqueue(ReadSegmentAsync(resolved, next++, fetcher, stop.Token));
                }

                byte[] plain = await pending.Dequeue().ConfigureAwait(false);
                try
                {
                    int length = resolved.Manifest.PlainLengthOf(s);
                    hasher.Update(plain.AsSpan(0, length));
                    await destination.WriteAsync(plain.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    written += length;
                }
                finally
                {
                    SegmentPool.Instance.Return(plain);
                }

                progress?.Report(new ContentProgress(written, resolved.Manifest.Length, s + 1));
            }

            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            while (pending.TryDequeue(out Task<byte[]>? task))
            {
                await ReturnWhenDoneAsync(task).ConfigureAwait(false);
            }
        }

        var hash = new byte[Hash256.Size];
        hasher.Finalize(hash);
        if (new Hash256(hash) != resolved.Manifest.PlainHash)
        {
            throw new ContentIntegrityException($"Content {id} version {resolved.Manifest.Version} was rebuilt but its BLAKE3 differs from the manifest's; the data written is not the content. Report the holders in the faults.");
        }

        return new DownloadResult(resolved.ToInfo(), written, fetcher.Faults);
    }

    private ShardFetcher NewFetcher() => new(_node, _limiter, _options.HedgeShards, _options.Economics, _options.Time);

    /// <summary>Fetches and decodes one segment into a pooled buffer (the caller returns it).</summary>
    internal async Task<byte[]> ReadSegmentAsync(ResolvedVersion version, long index, ShardFetcher fetcher, CancellationToken cancellationToken)
    {
        SegmentEntry entry = await version.Segments.GetAsync(index, cancellationToken).ConfigureAwait(false);
        int length = version.Manifest.PlainLengthOf(index);
        bool cacheable = _segmentCache.Admits(length);
        if (cacheable && _segmentCache.TryGet(version.ManifestKey, index, out byte[]? cached))
        {
            byte[] hit = SegmentPool.Instance.Rent(version.Manifest.SegmentSize);
            cached.CopyTo(hit, 0);
            return hit;
        }

        using FetchedShards fetched = await fetcher.FetchAsync(version.Manifest.Id, index, entry, version.Manifest.DataShards, cancellationToken).ConfigureAwait(false);
        byte[] plain = SegmentPool.Instance.Rent(version.Manifest.SegmentSize);
        try
        {
            _codec.Decode(entry, fetched.Shards, version.Manifest.Cipher, version.Key, version.Manifest.Id, version.Manifest.Version, index, plain);
            if (cacheable)
            {
                _segmentCache.Add(version.ManifestKey, index, plain.AsSpan(0, length));
            }

            return plain;
        }
        catch
        {
            SegmentPool.Instance.Return(plain);
            throw;
        }
    }

    internal static async Task ReturnWhenDoneAsync(Task<byte[]> task)
    {
        try
        {
            SegmentPool.Instance.Return(await task.ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The segment was abandoned; its error does not matter any more.
        }
    }
}
