using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic.Messaging;

/// <summary>
/// Audits and pings hosts over the DHT: a direct request with protocol <see cref="Protocol"/> to the
/// host's contact (found in the routing table or by a FindNode lookup), and a DHT ping.
/// </summary>
internal sealed class DhtAuditChannel : IAuditChannel
{
    /// <summary>The request protocol name of audits.</summary>
    public const string Protocol = "zhtp/audit/1";

    private readonly IDhtNode _node;

    /// <summary>Audits through <paramref name="node"/>.</summary>
    public DhtAuditChannel(IDhtNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
    }

    /// <summary>Makes <paramref name="node"/> answer audits with <paramref name="responder"/>; malformed challenges are rejected.</summary>
    public static void Serve(IDhtNode node, AuditResponder responder)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(responder);
        node.RegisterRequestHandler(Protocol, async (sender, payload, cancellationToken) =>
        {
            AuditChallenge challenge;
            try
            {
                challenge = AuditChallenge.Decode(payload);
            }
            catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException ex)
            {
                throw new DhtRequestRejectedException($"malformed audit challenge: {ex.Message}");
            }

            return (await responder.RespondAsync(challenge, cancellationToken).ConfigureAwait(false)).Encode();
        });
    }

    /// <inheritdoc />
    public async Task<AuditResponse?> ChallengeAsync(ReadOnlyMemory<byte> hostKey, AuditChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (await FindAsync(hostKey, cancellationToken).ConfigureAwait(false) is not { } contact)
        {
            return null;
        }

        var response = await _node.SendRequestAsync(contact, Protocol, challenge.Encode(), cancellationToken).ConfigureAwait(false);
        if (!response.Success)
        {
            return null;
        }

        try
        {
            return AuditResponse.Decode(response.Payload, challenge, hostKey);
        }
        catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException)
        {
            return AuditResponse.Decode(EmptyAnswer, challenge, hostKey);
        }
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(ReadOnlyMemory<byte> hostKey, CancellationToken cancellationToken) =>
        await FindAsync(hostKey, cancellationToken).ConfigureAwait(false) is { } contact
        && await _node.PingAsync(contact.EndPoint, cancellationToken).ConfigureAwait(false) is not null;

    // An unsigned "missing" answer: a garbled reply counts as an invalid proof, not as silence.
    private static readonly byte[] EmptyAnswer = [0x94, 0xC3, 0xC4, 0x00, 0x90, 0xC4, 0x00];

    private async Task<Contact?> FindAsync(ReadOnlyMemory<byte> hostKey, CancellationToken cancellationToken)
    {
        var id = NodeId.FromPublicKey(hostKey.Span);
        var known = _node.GetContacts().FirstOrDefault(c => c.Id == id);
        if (known is not null)
        {
            return known;
        }

        var found = await _node.FindNodeAsync(new DhtKey(id.Value), cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault(c => c.Id == id);
    }
}
