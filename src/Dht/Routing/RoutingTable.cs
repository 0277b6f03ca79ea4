using System.Net;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Routing;

// Implementation notes
// A flat array of 256 k-buckets indexed by the common prefix length with the local id (the
// layout of rust-libp2p kbucket and of Maymounkov & Mazières §2.4 after all splits). The table is
// a pure data structure: it performs no I/O, reads no clock (callers pass `now`) and decides
// "ping the least-recently-seen contact before evicting it" as a value the node acts on.
// Not thread-safe; the node serialises access with a lock.

/// <summary>The Kademlia routing table of one node.</summary>
internal sealed class RoutingTable
{
    private readonly KBucket?[] _buckets = new KBucket?[Hash256.Bits];
    private readonly DhtConfig _config;
    private Hash256[] _scratchDistances = new Hash256[32];
    private Contact[] _scratchContacts = new Contact[32];
    private readonly List<Contact> _topUp = [];
    private int _count;

    public RoutingTable(NodeId self, DhtConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Self = self;
        _config = config;
    }

    /// <summary>
    /// How long after its last answer a contact stops being "good" (BEP 5's 15 minutes, a quarter of
    /// <see cref="DhtConfig.BucketRefreshInterval"/>): a full bucket pings its least-recently-seen
    /// contact before caching a newcomer only when that contact is older than this. In a busy network
    /// this saved about one ping per request a node received (a 10,000-node join is ~300 requests).
    /// </summary>
    public TimeSpan QuestionableAfter => _config.BucketRefreshInterval / 4;

    /// <summary>The local node id.</summary>
    public NodeId Self { get; }

    /// <summary>Contacts in all buckets (replacement caches excluded).</summary>
    public int Count => _count;

    /// <summary>Buckets holding at least one contact.</summary>
    public int ActiveBuckets => _buckets.Count(b => b is { Entries.Count: > 0 });

    /// <summary>The bucket index of <paramref name="id"/> (its common prefix length with the local id), or 256 for the local id.</summary>
    public int BucketIndex(NodeId id) => Self.Value.CommonPrefixLength(id.Value);

    /// <summary>Records that a verified message from <paramref name="contact"/> arrived at <paramref name="now"/>.</summary>
    public UpdateResult Update(Contact contact, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contact);
        int index = BucketIndex(contact.Id);
        if (index >= Hash256.Bits)
        {
            return new UpdateResult(UpdateOutcome.Self);
        }

        KBucket bucket = _buckets[index] ??= new KBucket(now);
        int position = bucket.IndexOf(contact.Id);
        if (position >= 0)
        {
            RoutingEntry entry = bucket.Entries[position];
            bucket.Entries.RemoveAt(position);
            entry.Contact = contact;
            entry.LastSeen = now;
            entry.Failures = 0;
            bucket.Entries.Add(entry);
            bucket.LastTouched = now;
            return new UpdateResult(UpdateOutcome.Refreshed);
        }

        UpdateOutcome limit = CheckLimits(bucket, contact.EndPoint.Address);
        if (limit != UpdateOutcome.Added)
        {
            return new UpdateResult(limit);
        }

        if (bucket.Entries.Count < _config.K)
        {
            Insert(bucket, contact, now);
            return new UpdateResult(UpdateOutcome.Added);
        }

        int stale = bucket.Entries.FindIndex(e => e.Failures >= _config.StaleAfterFailures);
        if (stale >= 0)
        {
            bucket.Entries.RemoveAt(stale);
            _count--;
            Insert(bucket, contact, now);
            return new UpdateResult(UpdateOutcome.Added);
        }

        AddReplacement(bucket, contact);
        if (bucket.PendingPing is not null || now - bucket.Entries[0].LastSeen < QuestionableAfter)
        {
            // BEP 5: a contact heard from within QuestionableAfter is good and is not pinged; the
            // newcomer waits in the cache (the liveness check and failed requests find the departed).
            return new UpdateResult(UpdateOutcome.Cached);
        }

        bucket.PendingPing = bucket.Entries[0].Contact;
        return new UpdateResult(UpdateOutcome.PingLeastRecentlySeen, bucket.PendingPing);
    }

    /// <summary>
    /// Reports the answer to a ping-before-evict: a live contact stays (moved to the most-recently-seen
    /// end); a dead one is evicted and the most recent replacement takes its slot. Returns the promoted contact, if any.
    /// </summary>
    public Contact? OnPingResult(NodeId pinged, bool alive, DateTimeOffset now)
    {
        int index = BucketIndex(pinged);
        if (index >= Hash256.Bits || _buckets[index] is not { } bucket)
        {
            return null;
        }

        if (bucket.PendingPing?.Id == pinged)
        {
            bucket.PendingPing = null;
        }

        int position = bucket.IndexOf(pinged);
        if (position < 0)
        {
            return null;
        }

        if (alive)
        {
            RoutingEntry entry = bucket.Entries[position];
            bucket.Entries.RemoveAt(position);
            entry.LastSeen = now;
            entry.Failures = 0;
            bucket.Entries.Add(entry);
            return null;
        }

        bucket.Entries.RemoveAt(position);
        _count--;
        return Promote(bucket, now);
    }

    /// <summary>
    /// Records a failed request to <paramref name="id"/>. After <see cref="DhtConfig.StaleAfterFailures"/>
    /// consecutive failures the contact is stale: it is no longer returned by <see cref="Closest(DhtKey, int)"/> and it is
    /// replaced by the most recent replacement if there is one. Returns true when the contact was removed.
    /// </summary>
    public bool RecordFailure(NodeId id, DateTimeOffset now)
    {
        if (!TryLocate(id, out KBucket? bucket, out int position))
        {
            return false;
        }

        RoutingEntry entry = bucket.Entries[position];
        entry.Failures++;
        if (entry.Failures < _config.StaleAfterFailures || bucket.Replacements.Count == 0)
        {
            return false;
        }

        bucket.Entries.RemoveAt(position);
        _count--;
        Promote(bucket, now);
        return true;
    }

    /// <summary>
    /// The contacts to ping in a liveness check: every contact not heard from since
    /// <paramref name="seenBefore"/> (the node passes now − <see cref="DhtConfig.BucketRefreshInterval"/>),
    /// bucket by bucket, least recently seen first; stale ones are left out (they are already not
    /// handed out). Appended to <paramref name="destination"/>. One rule for the node's maintenance
    /// and the simulation.
    /// </summary>
    public void LivenessCandidates(DateTimeOffset seenBefore, List<Contact> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (KBucket? bucket in _buckets)
        {
            if (bucket is null)
            {
                continue;
            }

            foreach (RoutingEntry entry in bucket.Entries)
            {
                if (entry.LastSeen < seenBefore && entry.Failures < _config.StaleAfterFailures)
                {
                    destination.Add(entry.Contact);
                }
            }
        }
    }

    /// <summary>
    /// Reports that a liveness ping to <paramref name="id"/> went unanswered (after its retries):
    /// the contact is stale at once, and leaves its slot for the most recent replacement if there
    /// is one (otherwise it stays, never handed out, so a local outage does not empty the table).
    /// Returns the promoted contact, if any.
    /// </summary>
    public Contact? MarkUnresponsive(NodeId id, DateTimeOffset now)
    {
        if (!TryLocate(id, out KBucket? bucket, out int position))
        {
            return null;
        }

        RoutingEntry entry = bucket.Entries[position];
        entry.Failures = Math.Max(entry.Failures, _config.StaleAfterFailures);
        if (bucket.Replacements.Count == 0)
        {
            return null;
        }

        bucket.Entries.RemoveAt(position);
        _count--;
        return Promote(bucket, now);
    }

    /// <summary>Removes a contact (e.g. one that proved to be someone else). Returns true when it was present.</summary>
    public bool Remove(NodeId id)
    {
        if (!TryLocate(id, out KBucket? bucket, out int position))
        {
            return false;
        }

        bucket.Entries.RemoveAt(position);
        _count--;
        return true;
    }

    /// <summary>The entry for <paramref name="id"/>, if present.</summary>
    public RoutingEntry? Find(NodeId id) => TryLocate(id, out KBucket? bucket, out int position) ? bucket.Entries[position] : null;

    private bool TryLocate(NodeId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KBucket? bucket, out int position)
    {
        position = -1;
        int index = BucketIndex(id);
        bucket = index < Hash256.Bits ? _buckets[index] : null;
        if (bucket is null)
        {
            return false;
        }

        position = bucket.IndexOf(id);
        return position >= 0;
    }

    /// <summary>
    /// Up to <paramref name="count"/> non-stale contacts closest to <paramref name="target"/> by XOR
    /// distance, closest first, written to <paramref name="destination"/> (which is cleared first).
    /// With <paramref name="responsiveSince"/>, only contacts with no failure since their last answer
    /// and seen at or after that time.
    /// </summary>
    public void Closest(DhtKey target, int count, List<Contact> destination, NodeId? exclude = null, DateTimeOffset? responsiveSince = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Clear();
        if (count <= 0)
        {
            return;
        }

        // Insertion into a reused sorted scratch (closest first); after the first `count` entries most
        // candidates are rejected by one comparison with the current farthest. No allocation.
        if (_scratchDistances.Length < count)
        {
            _scratchDistances = new Hash256[count];
            _scratchContacts = new Contact[count];
        }

        int found = 0;
        foreach (KBucket? bucket in _buckets)
        {
            if (bucket is null)
            {
                continue;
            }

            foreach (RoutingEntry entry in bucket.Entries)
            {
                if (entry.Failures >= _config.StaleAfterFailures || entry.Contact.Id == exclude
                    || (responsiveSince is { } since && (entry.Failures > 0 || entry.LastSeen < since)))
                {
                    continue;
                }

                Hash256 distance = entry.Contact.Id.Value.Xor(target.Value);
                if (found == count && distance >= _scratchDistances[found - 1])
                {
                    continue;
                }

                int position = found < count ? found++ : found - 1;
                while (position > 0 && _scratchDistances[position - 1] > distance)
                {
                    _scratchDistances[position] = _scratchDistances[position - 1];
                    _scratchContacts[position] = _scratchContacts[position - 1];
                    position--;
                }

                _scratchDistances[position] = distance;
                _scratchContacts[position] = entry.Contact;
            }
        }

        for (int i = 0; i < found; i++)
        {
            destination.Add(_scratchContacts[i]);
            _scratchContacts[i] = null!;
        }
    }

    /// <summary>
    /// The contacts a node hands out in a Nodes answer: the <paramref name="count"/> closest that
    /// answered at or after <paramref name="responsiveSince"/> with no failure since, topped up (only
    /// if fewer) with the closest other non-stale contacts; so contacts that stopped answering are not
    /// handed out while live ones are known. Written to <paramref name="destination"/> (cleared first).
    /// </summary>
    public void ClosestForAnswer(DhtKey target, int count, List<Contact> destination, NodeId? exclude, DateTimeOffset responsiveSince)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Closest(target, count, destination, exclude, responsiveSince);
        if (destination.Count >= count)
        {
            return;
        }

        _topUp.Clear();
        Closest(target, count, _topUp, exclude);
        foreach (Contact contact in _topUp)
        {
            if (destination.Count == count)
            {
                break;
            }

            if (!destination.Contains(contact))
            {
                destination.Add(contact);
            }
        }

        _topUp.Clear();
    }

    /// <summary>Convenience overload of <see cref="Closest(DhtKey, int, List{Contact}, NodeId?, DateTimeOffset?)"/> returning a new list.</summary>
    public List<Contact> Closest(DhtKey target, int count)
    {
        var list = new List<Contact>(count);
        Closest(target, count, list);
        return list;
    }

    /// <summary>Every contact, bucket by bucket.</summary>
    public IEnumerable<RoutingEntry> Entries()
    {
        foreach (KBucket? bucket in _buckets)
        {
            if (bucket is null)
            {
                continue;
            }

            foreach (RoutingEntry entry in bucket.Entries)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The contacts of bucket <paramref name="index"/>, least recently seen first.</summary>
    public IReadOnlyList<RoutingEntry> Bucket(int index) => (IReadOnlyList<RoutingEntry>?)_buckets[index]?.Entries ?? [];

    /// <summary>The replacement cache of bucket <paramref name="index"/>, most recent last.</summary>
    public IReadOnlyList<Contact> Replacements(int index) => (IReadOnlyList<Contact>?)_buckets[index]?.Replacements ?? [];

    /// <summary>
    /// Indexes of buckets not touched for <see cref="DhtConfig.BucketRefreshInterval"/>, from bucket 0 up to
    /// one past the deepest non-empty bucket (deeper buckets are empty in any network of realistic size).
    /// </summary>
    public List<int> BucketsToRefresh(DateTimeOffset now)
    {
        var result = new List<int>();
        int deepest = -1;
        for (int i = 0; i < _buckets.Length; i++)
        {
            if (_buckets[i] is { Entries.Count: > 0 })
            {
                deepest = i;
            }
        }

        int limit = Math.Min(deepest + 1, Hash256.Bits - 1);
        for (int i = 0; i <= limit; i++)
        {
            DateTimeOffset touched = _buckets[i]?.LastTouched ?? DateTimeOffset.MinValue;
            if (now - touched >= _config.BucketRefreshInterval)
            {
                result.Add(i);
            }
        }

        return result;
    }

    /// <summary>Marks bucket <paramref name="index"/> refreshed at <paramref name="now"/>.</summary>
    public void MarkRefreshed(int index, DateTimeOffset now) => (_buckets[index] ??= new KBucket(now)).LastTouched = now;

    /// <summary>A random id that falls into bucket <paramref name="index"/>: the local id's first <paramref name="index"/> bits, the next bit flipped, the rest random.</summary>
    public DhtKey RandomKeyInBucket(int index, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Hash256.Bits);
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> own = stackalloc byte[Hash256.Size];
        Span<byte> noise = stackalloc byte[Hash256.Size];
        Self.WriteTo(own);
        random.NextBytes(noise);
        for (int bit = index + 1; bit < Hash256.Bits; bit++)
        {
            int mask = 0x80 >> (bit & 7);
            own[bit >> 3] = (byte)((own[bit >> 3] & ~mask) | (noise[bit >> 3] & mask));
        }

        own[index >> 3] ^= (byte)(0x80 >> (index & 7));
        return new DhtKey(own);
    }

    private UpdateOutcome CheckLimits(KBucket bucket, IPAddress address)
    {
        if (_config.ExemptLoopbackFromAddressLimits && IPAddress.IsLoopback(address))
        {
            return UpdateOutcome.Added;
        }

        UInt128 subnet = AddressLimits.SubnetKey(address);
        int sameAddress = 0;
        int sameSubnet = 0;
        foreach (RoutingEntry entry in bucket.Entries)
        {
            IPAddress other = entry.Contact.EndPoint.Address;
            if (AddressLimits.SameAddress(other, address))
            {
                sameAddress++;
            }

            if (AddressLimits.SubnetKey(other) == subnet)
            {
                sameSubnet++;
            }
        }

        if (sameAddress >= _config.MaxContactsPerAddress)
        {
            return UpdateOutcome.RejectedAddressLimit;
        }

        return sameSubnet >= _config.MaxContactsPerSubnet ? UpdateOutcome.RejectedSubnetLimit : UpdateOutcome.Added;
    }

    private void Insert(KBucket bucket, Contact contact, DateTimeOffset now)
    {
        bucket.Entries.Add(new RoutingEntry(contact, now));
        bucket.Replacements.RemoveAll(c => c.Id == contact.Id);
        bucket.LastTouched = now;
        _count++;
    }

    private void AddReplacement(KBucket bucket, Contact contact)
    {
        bucket.Replacements.RemoveAll(c => c.Id == contact.Id);
        if (bucket.Replacements.Count >= _config.K)
        {
            bucket.Replacements.RemoveAt(0);
        }

        bucket.Replacements.Add(contact);
    }

    private Contact? Promote(KBucket bucket, DateTimeOffset now)
    {
        for (int i = bucket.Replacements.Count - 1; i >= 0; i--)
        {
            Contact candidate = bucket.Replacements[i];
            bucket.Replacements.RemoveAt(i);
            if (CheckLimits(bucket, candidate.EndPoint.Address) == UpdateOutcome.Added)
            {
                Insert(bucket, candidate, now);
                return candidate;
            }
        }

        return null;
    }
}
