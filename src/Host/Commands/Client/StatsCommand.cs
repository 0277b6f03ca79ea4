using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp stats</c>: what this identity stores (owned content and plaintext bytes, from the home's client state)
/// and the client node's view of the network after joining (contacts, lookups, round trips).
/// </summary>
internal sealed class StatsCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("stats", "Prints this identity's stored content and the network as the joined client sees it.");
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("stats", result.InvocationConfiguration.Error, async () =>
        {
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "stats", cancellationToken).ConfigureAwait(false);
            IReadOnlyList<(ContentId Id, ContentSearchHit? Hit)> owned = await session.ListOwnedAsync(cancellationToken).ConfigureAwait(false);
            long bytes = owned.Sum(o => o.Hit?.Size ?? 0);
            TextWriter output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"identity {session.Identity.Id} ({session.Identity.Kind}), home {session.Home.Directory}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"owned content {owned.Count:N0}, {bytes:N0} plaintext bytes")).ConfigureAwait(false);
            await output.WriteLineAsync($"network: {DhtHostSupport.StatsLine(session.Node.GetStats())}").ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
