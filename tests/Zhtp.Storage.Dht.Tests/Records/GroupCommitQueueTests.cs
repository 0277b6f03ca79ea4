using Zhtp.Storage.Dht.Records;

namespace Zhtp.Storage.Dht.Tests.Records;

public sealed class GroupCommitQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ItemsQueuedWhileABatchCommits_AreCommittedTogether_EachAwaiterGetsItsOwnResult()
    {
        using var firstBatchEntered = new SemaphoreSlim(0);
        using var releaseFirstBatch = new SemaphoreSlim(0);
        var batchSizes = new List<int>();
        var queue = new GroupCommitQueue<int, int>(items =>
        {
            lock (batchSizes)
            {
                batchSizes.Add(items.Count);
            }

            if (items[0] == 0)
            {
                firstBatchEntered.Release();
                Assert.True(releaseFirstBatch.Wait(Timeout));
            }

            return items.Select(i => i * 10).ToArray();
        });

        Task<int> first = queue.EnqueueAsync(0);
        Assert.True(await firstBatchEntered.WaitAsync(Timeout));
        Task<int>[] rest = Enumerable.Range(1, 20).Select(queue.EnqueueAsync).ToArray();
        releaseFirstBatch.Release();

        Assert.Equal(0, await first.WaitAsync(Timeout));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 10), await Task.WhenAll(rest).WaitAsync(Timeout));
        Assert.Equal([1, 20], batchSizes);
        Assert.Equal(2, queue.Batches);
        Assert.Equal(21, queue.Items);
    }

    [Fact]
    public async Task AFailingCommit_FailsEveryAwaiterOfThatBatch_AndOnlyThose()
    {
        using var firstBatchEntered = new SemaphoreSlim(0);
        using var releaseFirstBatch = new SemaphoreSlim(0);
        var failure = new RecordStoreWriteException("injected");
        var queue = new GroupCommitQueue<int, int>(items =>
        {
            if (items[0] == 0)
            {
                firstBatchEntered.Release();
                Assert.True(releaseFirstBatch.Wait(Timeout));
                return [0];
            }

            return items[0] == 1 ? throw failure : items.ToArray();
        });

        Task<int> first = queue.EnqueueAsync(0);
        Assert.True(await firstBatchEntered.WaitAsync(Timeout));
        Task<int>[] failing = Enumerable.Range(1, 10).Select(queue.EnqueueAsync).ToArray();
        releaseFirstBatch.Release();

        Assert.Equal(0, await first.WaitAsync(Timeout));
        foreach (Task<int> task in failing)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<RecordStoreWriteException>(() => task.WaitAsync(Timeout)));
        }

        Assert.Equal(100, await queue.EnqueueAsync(100).WaitAsync(Timeout)); // the queue goes on after a failed batch
        Assert.Equal(2, queue.Batches);
        Assert.Equal(2, queue.Items);
    }

    [Fact]
    public async Task CloseAsync_WaitsForQueuedItems_ThenRefusesNewOnes()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var queue = new GroupCommitQueue<int, int>(items =>
        {
            entered.Release();
            Assert.True(release.Wait(Timeout));
            return items.ToArray();
        });

        Task<int> queued = queue.EnqueueAsync(7);
        Assert.True(await entered.WaitAsync(Timeout));
        Task closing = queue.CloseAsync();
        Assert.False(closing.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => { _ = queue.EnqueueAsync(8); }); // thrown at once, not through the task
        release.Release();

        await closing.WaitAsync(Timeout);
        Assert.Equal(7, await queued.WaitAsync(Timeout));
    }
}
