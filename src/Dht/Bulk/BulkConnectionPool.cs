using System.Collections.Concurrent;
using System.Net;

namespace Zhtp.Storage.Dht.Bulk;

/// <summary>
/// Idle client connections of the bulk channel, at most <see cref="PerEndPoint"/> per peer; a
/// connection idle longer than <see cref="MaxIdle"/> (under the server's idle timeout) is not reused.
/// </summary>
internal sealed class BulkConnectionPool : IAsyncDisposable
{
    public const int PerEndPoint = 4;
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<IPEndPoint, ConcurrentQueue<BulkConnection>> _idle = new();
    private bool _disposed;

    /// <summary>An idle connection to <paramref name="to"/> young enough to reuse, or null.</summary>
    public BulkConnection? Take(IPEndPoint to)
    {
        if (!_idle.TryGetValue(to, out ConcurrentQueue<BulkConnection>? queue))
        {
            return null;
        }

        while (queue.TryDequeue(out BulkConnection? connection))
        {
            if (Environment.TickCount64 - connection.IdleSince < (long)MaxIdle.TotalMilliseconds)
            {
                return connection;
            }

            _ = connection.DisposeAsync().AsTask();
        }

        return null;
    }

    /// <summary>Keeps <paramref name="connection"/> for reuse, or closes it when the pool for that peer is full.</summary>
    public void Return(IPEndPoint to, BulkConnection connection)
    {
        ConcurrentQueue<BulkConnection> queue = _idle.GetOrAdd(to, _ => new ConcurrentQueue<BulkConnection>());
        if (_disposed || queue.Count >= PerEndPoint)
        {
            _ = connection.DisposeAsync().AsTask();
            return;
        }

        connection.IdleSince = Environment.TickCount64;
        queue.Enqueue(connection);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (ConcurrentQueue<BulkConnection> queue in _idle.Values)
        {
            while (queue.TryDequeue(out BulkConnection? connection))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
