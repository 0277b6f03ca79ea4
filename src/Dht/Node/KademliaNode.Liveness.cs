using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Node;

// Implementation notes
// Refresh that evicts the departed. A bucket refresh (a lookup of a random id in it) only meets the
// contacts closest to that id; a contact that left stays in the table, and keeps being tried by this
// node's lookups, until one of them happens to fail three times. So each maintenance pass also pings
// every contact not heard from for BucketRefreshInterval (RoutingTable.LivenessCandidates; a live
// contact answers and is not due again for an hour, so this costs about one ping per contact per
// hour at most, and only for contacts nothing else has heard from): an answer moves the
// contact to the most-recently-seen end (the receive pipeline does that); silence after the
// request's retries makes it stale at once, and a replacement from the cache takes its slot
// (RoutingTable.MarkUnresponsive). BEP 5 pings "questionable" nodes the same way. The simulation
// runs the same rule every simulated hour (NetworkSimulation.CheckLiveness).

internal sealed partial class KademliaNode
{
    /// <summary>Pings the liveness candidates of the routing table; returns how many were evicted or marked stale.</summary>
    internal async Task<int> CheckLivenessAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<Contact>();
        lock (_tableLock)
        {
            _table.LivenessCandidates(_time.GetUtcNow() - _config.BucketRefreshInterval, candidates);
        }

        if (candidates.Count == 0)
        {
            return 0;
        }

        Reply?[] replies = await Task.WhenAll(candidates.Select(c => RequestAsync(c.EndPoint, c.Id, MessageType.Ping, EmptyBody.Instance, cancellationToken))).ConfigureAwait(false);
        int unresponsive = 0;
        lock (_tableLock)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                if (replies[i] is null)
                {
                    _table.MarkUnresponsive(candidates[i].Id, _time.GetUtcNow());
                    unresponsive++;
                }
            }
        }

        return unresponsive;
    }
}
