using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>An outstanding request: completed with its reply or with null on timeout.</summary>
internal sealed class PendingRequest
{
    private long _deadlineTimestamp = long.MaxValue;

    public PendingRequest(NodeId? expected, long startedTimestamp)
    {
        Expected = expected;
        StartedTimestamp = startedTimestamp;
    }

    /// <summary>The node that must answer (null when only the endpoint is known, as for bootstrap pings).</summary>
    public NodeId? Expected { get; }

    /// <summary>TimeProvider timestamp of the send.</summary>
    public long StartedTimestamp { get; }

    /// <summary>TimeProvider timestamp after which the sweep completes the request with null (timeout); never until <see cref="Arm"/>.</summary>
    public long DeadlineTimestamp => Volatile.Read(ref _deadlineTimestamp);

    /// <summary>Starts the timeout, once the request has been handed to the transport.</summary>
    public void Arm(long deadlineTimestamp) => Volatile.Write(ref _deadlineTimestamp, deadlineTimestamp);

    public TaskCompletionSource<Reply?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
