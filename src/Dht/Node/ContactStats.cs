using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// Response statistics of one remote node as seen by this node, for reputation: every RPC this
/// node sent to it (including retries) ends as a response or a timeout.
/// </summary>
/// <param name="Id">The remote node.</param>
/// <param name="Requests">Request datagrams sent to it.</param>
/// <param name="Responses">Responses received from it.</param>
/// <param name="Timeouts">Requests that got no response in time.</param>
/// <param name="ErrorReplies">Responses that were error replies.</param>
/// <param name="MeanLatency">Mean round-trip time of its responses.</param>
/// <param name="ConsecutiveFailures">Timeouts since its last response.</param>
/// <param name="LastResponse">When it last answered, if ever.</param>
public readonly record struct ContactStats(
    NodeId Id,
    long Requests,
    long Responses,
    long Timeouts,
    long ErrorReplies,
    TimeSpan MeanLatency,
    int ConsecutiveFailures,
    DateTimeOffset? LastResponse);
