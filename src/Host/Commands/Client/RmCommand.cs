using System.CommandLine;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary><c>zhtp rm ID</c>: the owner deletes content (a signed tombstone; holders drop the shards when their TTL runs out).</summary>
internal sealed class RmCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var id = new Argument<string>("ID") { Description = "The content id." };
        var command = new Command("rm", "Deletes content this identity owns (exit 2: not found, 3: not the owner).");
        command.Arguments.Add(id);
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("rm", result.InvocationConfiguration.Error, async () =>
        {
            ContentId contentId = ContentClient.ParseId(result.GetValue(id));
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "rm", cancellationToken).ConfigureAwait(false);
            await session.Manager.DeleteAsync(contentId, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"deleted {contentId}").ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
