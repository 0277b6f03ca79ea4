using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>An outstanding request: completed with its reply or with null on timeout.</summary>
internal sealed class PendingRequest
{
    public PendingRequest(NodeId? expected, long startedTimestamp, long deadlineTimestamp)
    {
        Expected = expected;
        StartedTimestamp = startedTimestamp;
        DeadlineTimestamp = deadlineTimestamp;
    }

    /// <summary>The node that must answer (null when only the endpoint is known, as for bootstrap pings).</summary>
    public NodeId? Expected { get; }

    /// <summary>TimeProvider timestamp of the send.</summary>
    public long StartedTimestamp { get; }

    /// <summary>TimeProvider timestamp after which the sweep completes the request with null (timeout).</summary>
    public long DeadlineTimestamp { get; }

    public TaskCompletionSource<Reply?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
