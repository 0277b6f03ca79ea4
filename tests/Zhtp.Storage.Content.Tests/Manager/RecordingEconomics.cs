using System.Collections.Concurrent;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>Prices at 1 token per stored MiB per day and records the faults it hears about.</summary>
internal sealed class RecordingEconomics : IContentEconomics
{
    public ConcurrentQueue<(NodeId Holder, ShardFault Fault)> Faults { get; } = new();

    public ContentCostRequest? LastRequest { get; private set; }

    public ContentStorageCost CalculateStorageCost(ContentCostRequest request)
    {
        LastRequest = request;
        decimal total = Math.Ceiling(request.StoredBytes / (decimal)(1 << 20)) * (decimal)request.Duration.TotalDays;
        return new ContentStorageCost(total, "ZHTP", $"{request.StoredBytes} bytes x {request.Duration.TotalDays} days");
    }

    public void OnShardFault(NodeId holder, ShardFault fault) => Faults.Enqueue((holder, fault));
}
