using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>
/// A Chrome DevTools Protocol client over one WebSocket: commands with ids answered by the browser, events kept in
/// <see cref="Events"/> and handed to waiters registered with <see cref="Expect"/> (register before the action that
/// causes the event). Sessions use the flat mode: a page's commands carry its sessionId.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly List<(string Method, Func<JsonObject, bool> Match, TaskCompletionSource<JsonObject> Done)> _waiters = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    /// <summary>Every event received: method, params, sessionId.</summary>
    public ConcurrentQueue<(string Method, JsonObject Params, string? SessionId)> Events { get; } = new();

    public static async Task<CdpConnection> ConnectAsync(Uri webSocket, CancellationToken cancellationToken)
    {
        var connection = new CdpConnection();
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(webSocket, cancellationToken);
        connection._receiving = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sends a command and returns its result; a protocol error throws with the browser's message.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }

            JsonObject reply = await answer.Task.WaitAsync(cancellationToken);
            if (reply["error"] is JsonObject error)
            {
                throw new InvalidOperationException($"CDP {method} failed: {error["message"]} {error["data"]}");
            }

            return reply["result"] as JsonObject ?? [];
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>A task that completes with the params of the first later event <paramref name="method"/> that <paramref name="match"/> accepts.</summary>
    public Task<JsonObject> Expect(string method, Func<JsonObject, bool>? match = null)
    {
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((method, match ?? (_ => true), done));
        }

        return done.Task;
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                JsonObject? node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                if (node is null)
                {
                    continue;
                }

                if (node["id"] is JsonValue idValue && _pending.TryGetValue(idValue.GetValue<int>(), out TaskCompletionSource<JsonObject>? answer))
                {
                    answer.TrySetResult(node);
                }
                else if (node["method"]?.GetValue<string>() is { } method)
                {
                    Dispatch(method, node["params"] as JsonObject ?? [], node["sessionId"]?.GetValue<string>());
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or System.Text.Json.JsonException)
        {
        }

        var closed = new InvalidOperationException("The DevTools connection closed (did the browser exit?).");
        foreach (TaskCompletionSource<JsonObject> answer in _pending.Values)
        {
            answer.TrySetException(closed);
        }

        lock (_waiters)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Done.TrySetException(closed);
            }
        }
    }

    private void Dispatch(string method, JsonObject parameters, string? sessionId)
    {
        Events.Enqueue((method, parameters, sessionId));
        lock (_waiters)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Method == method && waiter.Match(parameters))
                {
                    _waiters.RemoveAt(i);
                    waiter.Done.TrySetResult(parameters);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
