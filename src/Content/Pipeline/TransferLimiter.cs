namespace Zhtp.Storage.Content.Pipeline;

/// <summary>Bounds shard transfers in flight across every segment of a manager.</summary>
internal sealed class TransferLimiter(int limit) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limit, limit);

    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    internal readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
