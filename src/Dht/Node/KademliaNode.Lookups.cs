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

        var query = new LookupQuery(target, seeds, _config.K, _config.Alpha, _config.DisjointPaths, _config.RequestTimeout, Self.Id);
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
        while (true)
        {
            toSend.Clear();
            if (query.Next(_time.GetUtcNow(), toSend))
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

            Task<Reply?> done = await Task.WhenAny(inFlight.Keys).ConfigureAwait(false);
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
                    closer = (List<Contact>)NodesBody.Read(reply.Body).Contacts;
                    return Answer.Closer;
                case MessageType.Value when kind == LookupKind.Value:
                    DhtRecord candidate = RecordBody.Read(reply.Body, _config.MaxValueSize, _time.GetUtcNow(), _config.RecordTtl).Record;
                    if (candidate.Key != target || RecordValidation.Validate(candidate, _signer, _config.MaxValueSize) != DhtErrorCode.None)
                    {
                        return Answer.Failed;
                    }

                    record = candidate;
                    return Answer.Found;
                case MessageType.ContractState when kind == LookupKind.Contract:
                    state = BytesBody.Read(reply.Body).Payload;
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
