using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp ls</c>: the content this identity uploaded from this home and has not deleted (the manager's owned-content
/// list), with size and file name from the local index; one line per content, <c>ID SIZE NAME</c>. No network.
/// </summary>
internal sealed class LsCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("ls", "Lists the content this identity uploaded from this home (ID, size, name); no network needed.");
        var client = new ClientOptions().AddTo(command, network: false);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("ls", result.InvocationConfiguration.Error, async () =>
        {
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: false, result.InvocationConfiguration.Error, "ls", cancellationToken).ConfigureAwait(false);
            foreach ((ContentId id, ContentSearchHit? hit) in await session.ListOwnedAsync(cancellationToken).ConfigureAwait(false))
            {
                string line = hit is not null
                    ? string.Create(CultureInfo.InvariantCulture, $"{id}  {hit.Size,12:N0}  {hit.Metadata.Filename}")
                    : $"{id}  {"?",12}  ?";
                await result.InvocationConfiguration.Output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ClientExitCodes.Success;
        }));
        return command;
    }
}
