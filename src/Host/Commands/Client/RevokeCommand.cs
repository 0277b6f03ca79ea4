using System.CommandLine;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp revoke ID --from IDENTITY_ID</c>: the owner takes a reader's access away. The content is stored again as a
/// new version under a new content key without that reader (<see cref="IContentManager.RevokeAsync"/>); what the reader
/// already read stays read. Prints the new version as the last line.
/// </summary>
internal sealed class RevokeCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var id = new Argument<string>("ID") { Description = "The content id." };
        var from = new Option<string>("--from") { Description = "The identity id (64 hex characters) whose read access ends.", Required = true };
        var command = new Command("revoke", "Ends another identity's read access: a new version under a new key, without that reader.");
        command.Arguments.Add(id);
        command.Options.Add(from);
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("revoke", result.InvocationConfiguration.Error, async () =>
        {
            ContentId contentId = ContentClient.ParseId(result.GetValue(id));
            string reader = result.GetValue(from)!;
            if (!IdentityId.TryParse(reader, out IdentityId readerId))
            {
                throw new ClientCommandException(ClientExitCodes.Failure, $"--from '{reader}' is not an identity id (64 hex characters, as `zhtp identity show` prints).");
            }

            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "revoke", cancellationToken).ConfigureAwait(false);
            ContentReceipt receipt = await session.Manager.RevokeAsync(contentId, readerId, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"revoked {readerId}'s access to {contentId}: version {receipt.Version} is under a new key (earlier versions stay readable to it)").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(receipt.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
