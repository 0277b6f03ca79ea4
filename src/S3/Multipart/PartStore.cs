using System.Buffers;
using System.Globalization;

namespace Zhtp.Storage.S3.Multipart;

/// <summary>
/// The bytes of multipart parts until their upload completes: one file per part under
/// <c>parts/&lt;upload id&gt;/&lt;part number&gt;</c> of the gateway's folder (a temporary folder without a data
/// directory), written to a temporary name, flushed to disk and renamed, so a part is whole or absent. A part being
/// assembled while it arrives can also be kept in memory (<see cref="PartBuffer"/>), at most
/// <see cref="MaxBufferedBytes"/> for all uploads together, so its file is not read back.
/// </summary>
internal sealed class PartStore(string directory)
{
    /// <summary>How many bytes of parts all uploads together keep in memory for their assemblers (beyond it, parts are read back from their files).</summary>
    public const long MaxBufferedBytes = 128L << 20;

    private const int BufferSize = 1 << 20;

    // Chunks for parts kept in memory and for writing: reused, so a steady upload allocates no new memory per part.
    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(BufferSize, (int)(MaxBufferedBytes / BufferSize) + 32);
    private long _buffered;
    private long _filesOpened;
    private static readonly System.Buffers.SearchValues<char> HexCharacters = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="uploadId"/> has the form this gateway gives (32 lowercase hex): never a path.</summary>
    public static bool IsUploadId(string uploadId) => uploadId.Length == 32 && !uploadId.AsSpan().ContainsAnyExcept(HexCharacters);

    /// <summary>
    /// Copies <paramref name="body"/> into the part's file (replacing an earlier part of that number), flushed to disk.
    /// With <paramref name="keep"/>, also returns the bytes in memory while the budget allows (else null); the caller
    /// owns the buffer and releases it.
    /// </summary>
    public async Task<PartBuffer?> WriteAsync(string uploadId, int number, Stream body, bool keep, CancellationToken cancellationToken)
    {
        string folder = Folder(uploadId);
        Directory.CreateDirectory(folder);
        string path = PartPath(uploadId, number);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        List<(byte[] Chunk, int Length)>? kept = keep ? [] : null;
        long length = 0;
        byte[] buffer = _pool.Rent(BufferSize);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0 };
            await using (var file = new FileStream(temporary, options))
            {
                while (true)
                {
                    int filled = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (filled == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                    length += filled;
                    if (kept is not null)
                    {
                        if (Interlocked.Add(ref _buffered, buffer.Length) <= MaxBufferedBytes)
                        {
                            kept.Add((buffer, filled));
                            buffer = _pool.Rent(BufferSize);
                        }
                        else
                        {
                            // Over the budget: this part is read back from its file.
                            Interlocked.Add(ref _buffered, -buffer.Length);
                            Return(kept);
                            kept = null;
                        }
                    }
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            if (kept is not null)
            {
                Return(kept);
            }

            File.Delete(temporary);
            throw;
        }
        finally
        {
            _pool.Return(buffer);
        }

        return kept is null ? null : new PartBuffer(this, kept, length);
    }

    /// <summary>Bytes of parts kept in memory now (for tests and diagnostics).</summary>
    public long BufferedBytes => Interlocked.Read(ref _buffered);

    /// <summary>Gives the chunks of a kept part back to the pool and its bytes back to the budget.</summary>
    public void Return(List<(byte[] Chunk, int Length)> chunks)
    {
        foreach ((byte[] chunk, _) in chunks)
        {
            Interlocked.Add(ref _buffered, -chunk.Length);
            _pool.Return(chunk);
        }

        chunks.Clear();
    }

    /// <summary>Parts opened for reading so far (an assembly reading a part that was not kept in memory, or Complete storing from the files).</summary>
    public long FilesOpened => Interlocked.Read(ref _filesOpened);

    /// <summary>Opens a part for reading.</summary>
    public FileStream Open(string uploadId, int number)
    {
        Interlocked.Increment(ref _filesOpened);
        return new(PartPath(uploadId, number), new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
    }

    /// <summary>Removes every part of an upload.</summary>
    public void Delete(string uploadId)
    {
        string folder = Folder(uploadId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Removes part folders whose upload is no longer in the index (left by a crash between the index and the files).</summary>
    public void DeleteAllBut(IReadOnlyCollection<string> uploadIds)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var keep = new HashSet<string>(uploadIds, StringComparer.Ordinal);
        foreach (string folder in Directory.EnumerateDirectories(directory))
        {
            if (!keep.Contains(Path.GetFileName(folder)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private string Folder(string uploadId) =>
        IsUploadId(uploadId) ? Path.Combine(directory, uploadId) : throw new ArgumentException($"'{uploadId}' is not an upload id.", nameof(uploadId));

    private string PartPath(string uploadId, int number) => Path.Combine(Folder(uploadId), number.ToString(CultureInfo.InvariantCulture));
}
