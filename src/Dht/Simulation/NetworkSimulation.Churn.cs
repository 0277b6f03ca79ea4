using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Simulation;

// Implementation notes
// Churn, hour by hour, after the records are stored:
//  * a fraction of the live nodes leaves and as many new nodes join (a lookup of their own id
//    through a random live node);
//  * every live node refreshes one bucket (a FindNode of a random id in it), as a node does for
//    each bucket idle for an hour, then pings every contact it has not heard from for an hour
//    (KademliaNode's liveness check): the departed become stale and leave for replacements;
//  * re-replication (Kademlia §2.5): of each record's live holders, one looks up the record's k
//    closest and stores it on those that lack it; the others received that STORE within the hour
//    and skip, as KademliaNode does;
//  * every RepublishInterval (12 h) the publisher, if still live, stores the record on its k closest.
// At the end every record is looked up from a random live node. Messages are counted per activity.

internal sealed partial class NetworkSimulation
{
    private const int HourMs = 3_600_000;
    private readonly List<Contact> _check = [];

    private ChurnReport RunChurn(List<DhtKey> keys, Dictionary<DhtKey, SimNode> publishers, Action<string>? progress)
    {
        long refresh = 0, replication = 0, republish = 0, joins = 0, liveness = 0;
        int replaced = 0;
        double liveSum = 0;
        for (int hour = 1; hour <= _options.Hours; hour++)
        {
            long hourStart = _now;
            List<SimNode> live = _nodes.Where(n => !n.Dead).ToList();
            int changes = (int)Math.Round(_options.ChurnPerHour * live.Count);
            foreach (SimNode leaving in live.OrderBy(_ => _random.Next()).Take(changes))
            {
                leaving.Dead = true;
            }

            live = _nodes.Where(n => !n.Dead).ToList();
            for (int j = 0; j < changes; j++)
            {
                SimNode joining = CreateNode(_nodes.Count);
                joins += Join(joining, live[_random.Next(live.Count)]);
                _nodes.Add(joining);
                _byId.Add(joining.Id, joining);
            }

            replaced += changes;
            live = _nodes.Where(n => !n.Dead).ToList();
            liveSum += live.Count;
            foreach (SimNode node in live.Where(n => n.Table.Count > 0))
            {
                int bucket = node.Table.BucketIndex(node.Table.Entries().ElementAt(_random.Next(Math.Max(1, node.Table.Count))).Contact.Id);
                refresh += RunLookup(node, node.Table.RandomKeyInBucket(bucket, _random), findValue: false).Messages;
            }

            foreach (SimNode node in live)
            {
                liveness += CheckLiveness(node);
            }

            foreach (DhtKey key in keys)
            {
                List<SimNode> holders = live.Where(n => n.Records.Contains(key)).ToList();
                if (holders.Count > 0)
                {
                    replication += Place(holders[_random.Next(holders.Count)], key);
                }

                if (hour % (int)_config.RepublishInterval.TotalHours == 0 && !publishers[key].Dead)
                {
                    republish += Place(publishers[key], key);
                }
            }

            _now = Math.Max(_now, hourStart + HourMs);
            progress?.Invoke($"hour {hour}/{_options.Hours}: {changes:N0} nodes replaced, {live.Count:N0} live");
        }

        List<SimNode> end = _nodes.Where(n => !n.Dead).ToList();
        int found = keys.Count(key => RunLookup(end[_random.Next(end.Count)], key, findValue: true).ValueFound);
        return new ChurnReport
        {
            Replaced = replaced,
            MeanLiveNodes = _options.Hours == 0 ? end.Count : liveSum / _options.Hours,
            Records = keys.Count,
            RecordsFound = found,
            RefreshMessages = refresh,
            ReplicationMessages = replication,
            RepublishMessages = republish,
            JoinMessages = joins,
            LivenessMessages = liveness,
        };
    }

    /// <summary>
    /// The node's liveness check (KademliaNode.CheckLivenessAsync): ping every contact not heard from
    /// for BucketRefreshInterval (an hour); an answer refreshes both tables, silence
    /// makes the contact stale and hands its slot to a replacement. Returns the pings sent.
    /// </summary>
    private long CheckLiveness(SimNode node)
    {
        _check.Clear();
        node.Table.LivenessCandidates(Epoch(_now) - _config.BucketRefreshInterval, _check);
        foreach (Contact contact in _check)
        {
            SimNode peer = _byId[contact.Id];
            if (peer.Dead)
            {
                node.Table.MarkUnresponsive(peer.Id, Epoch(_now));
            }
            else
            {
                Learn(peer, node);
                Learn(node, peer);
            }
        }

        return _check.Count;
    }

    /// <summary><paramref name="from"/> looks up the k closest to <paramref name="key"/> and stores the record on those that lack it; returns the messages sent.</summary>
    private long Place(SimNode from, DhtKey key)
    {
        LookupQuery lookup = RunLookup(from, key, findValue: false);
        long stores = 0;
        foreach (Contact holder in lookup.ClosestSucceeded(_options.K))
        {
            if (_byId[holder.Id].Records.Add(key))
            {
                stores++;
            }
        }

        return lookup.Messages + stores;
    }
}
