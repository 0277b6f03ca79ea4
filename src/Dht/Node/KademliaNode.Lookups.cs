using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    public async Task<IReadOnlyList<Contact>> FindNodeAsync(DhtKey target, CancellationToken cancellationToken = default)
    {
        LookupOutcome outcome = await LookupAsync(target, LookupKind.Node, cancellationToken).ConfigureAwait(false);
        return outcome.Closest;
    }

    /// <summary>Drives a <see cref="LookupQuery"/> over the network until it finishes.</summary>
    internal async Task<LookupOutcome> LookupAsync(DhtKey target, LookupKind kind, CancellationToken cancellationToken)
    {
        List<Contact> seeds;
        lock (_tableLock)
        {
            seeds = _table.Closest(target, _config.K);
        }

        var query = new LookupQuery(target, seeds, _config.K, _config.Alpha, _config.DisjointPaths, _config.RequestTimeout, Self.Id, AdaptiveTimeout, valueLookup: kind != LookupKind.Node);
        var inFlight = new Dictionary<Task<Reply?>, Contact>();
        var toSend = new List<Contact>();
        DhtRecord? record = null;
        ReadOnlyMemory<byte>? state = null;
        Contact? holder = null;
        MessageType requestType = kind switch
        {
            LookupKind.Value => MessageType.FindValue,
            LookupKind.Contract => MessageType.ContractFind,
            _ => MessageType.FindNode,
        };
        var body = new KeyBody(target);
        var waitingFor = new List<Task>();
        while (true)
        {
            toSend.Clear();
            DateTimeOffset now = _time.GetUtcNow();
            if (query.Next(now, toSend))
            {
                break;
            }

            foreach (Contact peer in toSend)
            {
                inFlight.Add(RequestAsync(peer.EndPoint, peer.Id, requestType, body, cancellationToken), peer);
            }

            if (inFlight.Count == 0)
            {
                break;
            }

            // Wake for the first answer or when the first outstanding request goes slow, whichever
            // comes first: a slow request frees its α slot on that timer (the driver does not wait
            // for its retries), and its late answer, if any, is still used below.
            waitingFor.Clear();
            waitingFor.AddRange(inFlight.Keys);
            Task first;
            if (query.NextSlowAt(now) is { } slowAt)
            {
                // The timer is cancelled as soon as an answer comes first, so no timer outlives its step.
                using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task timer = Task.Delay(slowAt - now, _time, wakeUp.Token);
                waitingFor.Add(timer);
                first = await Task.WhenAny(waitingFor).ConfigureAwait(false);
                await wakeUp.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                first = await Task.WhenAny(waitingFor).ConfigureAwait(false);
            }

            if (first is not Task<Reply?>)
            {
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            var done = (Task<Reply?>)first;
            Contact from = inFlight[done];
            inFlight.Remove(done);
            Reply? reply = await done.ConfigureAwait(false);
            if (reply is { Type: MessageType.ValueRef } && kind == LookupKind.Value)
            {
                // The peer holds a value too large for a datagram: fetch it over the bulk channel.
                reply = await BulkRequestAsync(from, MessageType.FindValue, body, cancellationToken).ConfigureAwait(false);
            }

            switch (Interpret(reply, kind, target, out List<Contact>? closer, out DhtRecord? found, out ReadOnlyMemory<byte>? foundState))
            {
                case Answer.Closer:
                    query.OnSuccess(from.Id, closer!);
                    break;
                case Answer.Found when found is { Kind: RecordKind.Mutable }:
                    // Holders may lag behind (a restarted or partitioned one keeps an old sequence): ask
                    // on and keep the highest sequence of every valid copy.
                    query.OnValueContinue(from.Id);
                    if (record is null || found.Sequence > record.Sequence)
                    {
                        record = found;
                        holder = from;
                    }

                    break;
                case Answer.Found:
                    query.OnValue(from.Id);
                    record = found;
                    state = foundState;
                    holder = from;
                    break;
                default:
                    query.OnFailure(from.Id);
                    break;
            }
        }

        bool succeeded = kind == LookupKind.Node ? query.ClosestSucceeded().Count > 0 : query.ValueFound;
        _counters.OnLookup(succeeded);
        return new LookupOutcome(query.ClosestSucceeded(), record, state, holder, query.Rounds, query.Messages);
    }

    private enum Answer
    {
        Failed,
        Closer,
        Found,
    }

    private Answer Interpret(Reply? reply, LookupKind kind, DhtKey target, out List<Contact>? closer, out DhtRecord? record, out ReadOnlyMemory<byte>? state)
    {
        closer = null;
        record = null;
        state = null;
        if (reply is null)
        {
            return Answer.Failed;
        }

        try
        {
            switch (reply.Type)
            {
                case MessageType.Nodes:
                    closer = (List<Contact>)NodesBody.Read(reply.Body.Span).Contacts;
                    return Answer.Closer;
                case MessageType.Value when kind == LookupKind.Value:
                    DhtRecord candidate = RecordBody.Read(reply.Body, _config.MaxValueSize, _time.GetUtcNow(), _config.RecordTtl).Record;
                    if (reply.ContentKeyMatches == false || candidate.Key != target
                        || RecordValidation.Validate(candidate, _signer, _config.MaxValueSize, reply.ContentKeyMatches == true) != DhtErrorCode.None)
                    {
                        return Answer.Failed;
                    }

                    record = candidate;
                    return Answer.Found;
                case MessageType.ContractState when kind == LookupKind.Contract:
                    state = BytesBody.Read(reply.Body.Span).Payload;
                    return Answer.Found;
                default:
                    return Answer.Failed;
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            _counters.OnDrop(DropReason.Malformed);
            return Answer.Failed;
        }
    }
}
