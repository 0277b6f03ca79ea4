using Microsoft.Extensions.Time.Testing;

namespace Zhtp.Storage.Economic.Tests;

/// <summary>Hosts reachable in-process; each can go offline or answer slowly (the clock advances by its delay).</summary>
internal sealed class InMemoryAuditNetwork : IAuditChannel
{
    private readonly FakeTimeProvider _time;
    private readonly Dictionary<NodeId, Host> _hosts = [];

    public InMemoryAuditNetwork(FakeTimeProvider time) => _time = time;

    public void Add(ReadOnlyMemory<byte> hostKey, AuditResponder responder) => _hosts[NodeId.FromPublicKey(hostKey.Span)] = new Host(responder);

    public void SetOnline(ReadOnlyMemory<byte> hostKey, bool online) => _hosts[NodeId.FromPublicKey(hostKey.Span)].Online = online;

    public void SetDelay(ReadOnlyMemory<byte> hostKey, TimeSpan delay) => _hosts[NodeId.FromPublicKey(hostKey.Span)].Delay = delay;

    public async Task<AuditResponse?> ChallengeAsync(ReadOnlyMemory<byte> hostKey, AuditChallenge challenge, CancellationToken cancellationToken)
    {
        if (!_hosts.TryGetValue(NodeId.FromPublicKey(hostKey.Span), out var host) || !host.Online)
        {
            return null;
        }

        _time.Advance(host.Delay);
        var wire = (await host.Responder.RespondAsync(challenge, cancellationToken)).Encode();
        return AuditResponse.Decode(wire, challenge, hostKey);
    }

    public Task<bool> PingAsync(ReadOnlyMemory<byte> hostKey, CancellationToken cancellationToken)
    {
        var online = _hosts.TryGetValue(NodeId.FromPublicKey(hostKey.Span), out var host) && host.Online;
        if (online)
        {
            _time.Advance(host!.Delay);
        }

        return Task.FromResult(online);
    }

    private sealed class Host(AuditResponder responder)
    {
        public AuditResponder Responder { get; } = responder;

        public bool Online { get; set; } = true;

        public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(20);
    }
}
