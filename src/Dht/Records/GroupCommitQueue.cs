namespace Zhtp.Storage.Dht.Records;

// Implementation notes
// Writers enqueue and await; the writer that finds no committer running starts one on the thread
// pool. The committer takes what is queued (at most MaxBatch items), hands it to the commit delegate
// as one batch (the SQLite store writes it in one transaction, so one fsync), then completes every
// awaiter of that batch with its own result, or every one of them with the batch's exception, and
// loops until the queue is empty. Items that arrive while a batch commits form the next batch, so
// under load batches grow by themselves and an idle store commits a lone item at once.

/// <summary>Group commit: items enqueued together are committed together, each awaiter completed after its batch's commit.</summary>
internal sealed class GroupCommitQueue<TItem, TResult>
{
    /// <summary>The most items one batch takes.</summary>
    public const int MaxBatch = 128;

    private readonly Func<IReadOnlyList<TItem>, TResult[]> _commit;
    private readonly Lock _lock = new();
    private List<Pending> _queue = [];
    private Task _committer = Task.CompletedTask;
    private bool _running;
    private bool _closed;
    private long _batches;
    private long _items;

    /// <summary>Creates the queue; <paramref name="commit"/> commits one batch durably and returns one result per item, in order, or throws to fail the whole batch.</summary>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, TResult[]> commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        _commit = commit;
    }

    /// <summary>Batches committed successfully.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Items committed successfully.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Queues <paramref name="item"/>; the task completes once the batch holding it is committed (or fails with that batch's exception).</summary>
    /// <exception cref="ObjectDisposedException">The queue was closed.</exception>
    public Task<TResult> EnqueueAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queue.Add(pending);
            if (!_running)
            {
                _running = true;
                _committer = Task.Run(Drain);
            }
        }

        return pending.Completion.Task;
    }

    /// <summary>Refuses new items and waits until everything queued so far is committed or failed.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            return _committer;
        }
    }

    private void Drain()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }

                if (_queue.Count <= MaxBatch)
                {
                    batch = _queue;
                    _queue = [];
                }
                else
                {
                    batch = _queue.GetRange(0, MaxBatch);
                    _queue.RemoveRange(0, MaxBatch);
                }
            }

            Commit(batch);
        }
    }

    private void Commit(List<Pending> batch)
    {
        TResult[] results;
        try
        {
            var items = new TItem[batch.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = batch[i].Item;
            }

            results = _commit(items);
            if (results.Length != items.Length)
            {
                throw new InvalidOperationException($"The commit returned {results.Length} results for a batch of {items.Length} items.");
            }
        }
#pragma warning disable CA1031 // every awaiter of the failed batch receives the exception
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (Pending pending in batch)
            {
                pending.Completion.TrySetException(e);
            }

            return;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private readonly record struct Pending(TItem Item, TaskCompletionSource<TResult> Completion);
}
