using Zhtp.Storage.Content;

namespace Zhtp.Storage.S3.Multipart;

/// <summary>
/// Streams the parts of one multipart upload into a content upload while they arrive, so CompleteMultipartUpload does
/// not start storing the object only when the last part is in. It reads part 1, 2, 3, ... in order as each is written
/// (waiting for the next one), and records which write of each part it read (a part number is rewritten when the client
/// uploads it again: the file is replaced, then the index, then <see cref="PartWritten"/> counts a new generation). At
/// Complete, when the parts named are exactly 1..N and none was rewritten after it was opened, the content it stored is
/// the object (its bytes are the files the index's ETags describe); in any other case (a gap, a part rewritten, a part
/// beyond N already read, a failure) it is cancelled and Complete stores the object from the part files as usual.
/// Nothing it stores is visible until Complete indexes it. A part handed over in memory with its write
/// (<see cref="PartBuffer"/>, the same bytes as its flushed file) is read from there instead of from the file; buffers
/// of parts it will not read (rewritten, already passed, the assembly ended) are released at once.
/// </summary>
internal sealed class PartAssembler : IAsyncDisposable
{
    private readonly PartStore _parts;
    private readonly string _uploadId;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _generations = [];
    private readonly List<(int Number, int Generation, long Size)> _consumed = [];
    private readonly Dictionary<int, (int Generation, PartBuffer Buffer)> _buffers = [];
    private readonly Task<ContentReceipt> _upload;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _last = int.MaxValue;
    private int _wanted = 1;
    private bool _closed;

    public PartAssembler(PartStore parts, string uploadId, IContentManager manager, ContentUploadOptions options)
    {
        _parts = parts;
        _uploadId = uploadId;
        _upload = Task.Run(async () =>
        {
            await using var stream = new AssemblingStream(this);
            return await manager.UploadAsync(stream, options, _cancel.Token).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Part <paramref name="number"/> is written (or rewritten) and recorded in the index; <paramref name="buffer"/> (or
    /// null) holds its bytes, owned by the assembler from now on.
    /// </summary>
    public void PartWritten(int number, PartBuffer? buffer)
    {
        lock (_lock)
        {
            int generation = _generations.GetValueOrDefault(number) + 1;
            _generations[number] = generation;
            if (_buffers.Remove(number, out (int Generation, PartBuffer Buffer) earlier))
            {
                earlier.Buffer.Release();
            }

            if (buffer is not null)
            {
                if (_closed || number < _wanted || number > _last)
                {
                    buffer.Release(); // never read: already passed, beyond the end, or the assembly is over
                }
                else
                {
                    _buffers[number] = (generation, buffer);
                }
            }

            Signal();
        }
    }

    /// <summary>When a part of this upload last started arriving (set by the handler; an idle assembly gives up its slot).</summary>
    public DateTimeOffset LastPart { get; set; }

    /// <summary>Why the last <see cref="TryFinishAsync"/> gave null (for the log).</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>
    /// Ends the assembly after part <paramref name="parts"/>.Count and returns the content when it holds exactly the named
    /// parts with those ETags; null (and the speculative content abandoned) otherwise.
    /// </summary>
    public async Task<(ContentReceipt Receipt, long Size)?> TryFinishAsync(IReadOnlyList<(int Number, string ETag)> parts, CancellationToken cancellationToken)
    {
        bool consecutive = parts.Select((p, i) => p.Number == i + 1).All(x => x);
        lock (_lock)
        {
            if (!consecutive || _consumed.Count > parts.Count)
            {
                Outcome = consecutive ? $"read {_consumed.Count} parts, {parts.Count} named" : "the named parts are not 1..N";
                _cancel.Cancel();
                return null;
            }

            _last = parts.Count;
            Signal();
        }

        ContentReceipt receipt;
        try
        {
            receipt = await _upload.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Outcome = "the streaming upload failed: " + e.Message;
            return null; // store from the files instead
        }

        lock (_lock)
        {
            if (_consumed.Count != parts.Count)
            {
                Outcome = $"read {_consumed.Count} parts, {parts.Count} named";
                return null;
            }

            for (int i = 0; i < parts.Count; i++)
            {
                if (_consumed[i].Number != parts[i].Number || _consumed[i].Generation != _generations.GetValueOrDefault(parts[i].Number))
                {
                    Outcome = $"part {parts[i].Number} changed after it was read";
                    return null;
                }
            }

            return (receipt, _consumed.Sum(c => c.Size));
        }
    }

    /// <summary>The content the assembly stored, when it finished but was not used (to delete), or null.</summary>
    public ContentReceipt? Unused => _upload.IsCompletedSuccessfully ? _upload.Result : null;

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await _upload.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ContentException or IOException or Http.S3Exception or Dht.DhtException)
        {
            // Cancelled or failed: it was only ever a speculation.
        }

        lock (_lock)
        {
            _closed = true;
            foreach ((_, PartBuffer buffer) in _buffers.Values)
            {
                buffer.Release();
            }

            _buffers.Clear();
        }

        _cancel.Dispose();
    }

    private void Signal()
    {
        TaskCompletionSource changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>
    /// The generation of part <paramref name="number"/> once it is written (read before the file is opened) and its bytes
    /// when they were handed over in memory for that generation (the caller releases them), or generation 0 at the end
    /// (after part N, once Complete named N).
    /// </summary>
    private async Task<(int Generation, PartBuffer? Buffer)> WaitForPartAsync(int number, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                _wanted = number;
                if (number > _last)
                {
                    return (0, null);
                }

                if (_generations.TryGetValue(number, out int generation))
                {
                    PartBuffer? buffer = null;
                    if (_buffers.Remove(number, out (int Generation, PartBuffer Buffer) held))
                    {
                        if (held.Generation == generation)
                        {
                            buffer = held.Buffer;
                        }
                        else
                        {
                            held.Buffer.Release();
                        }
                    }

                    // Parts before this one will not be read again: drop what a rewrite left of them.
                    foreach (int passed in _buffers.Keys.Where(k => k < number).ToList())
                    {
                        _buffers.Remove(passed, out (int Generation, PartBuffer Buffer) stale);
                        stale.Buffer.Release();
                    }

                    return (generation, buffer);
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Consumed(int number, int generation, long size)
    {
        lock (_lock)
        {
            _consumed.Add((number, generation, size));
        }
    }

    /// <summary>Parts 1, 2, ... read in order as they become available; which write of each was read is recorded when it ends.</summary>
    private sealed class AssemblingStream(PartAssembler owner) : ForwardReadStream
    {
        private FileStream? _current;
        private PartBuffer? _buffer;
        private long _size;
        private int _number;
        private int _generation;
        private bool _ended;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!_ended && buffer.Length > 0)
            {
                if (_current is null && _buffer is null)
                {
                    (int generation, PartBuffer? held) = await owner.WaitForPartAsync(_number + 1, cancellationToken).ConfigureAwait(false);
                    if (generation == 0)
                    {
                        _ended = true;
                        break;
                    }

                    _number++;
                    _generation = generation;
                    _buffer = held;
                    _current = held is null ? owner._parts.Open(owner._uploadId, _number) : null;
                    _size = 0;
                }

                int read = _buffer is not null ? _buffer.Read(buffer.Span) : await _current!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    _size += read;
                    return read;
                }

                owner.Consumed(_number, _generation, _size);
                _buffer?.Release();
                _buffer = null;
                if (_current is not null)
                {
                    await _current.DisposeAsync().ConfigureAwait(false);
                    _current = null;
                }
            }

            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
                _buffer?.Release();
                _buffer = null;
            }

            base.Dispose(disposing);
        }
    }
}
