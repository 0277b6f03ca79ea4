using System.CommandLine;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp share ID --to IDENTITY</c>: the owner grants read access to Restricted content. IDENTITY is an identity id,
/// whose public identity is fetched from its self-certifying identity record in the DHT (present once the grantee ran
/// <c>zhtp identity publish</c>), or a file written by <c>zhtp identity export</c>.
/// </summary>
internal sealed class ShareCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var id = new Argument<string>("ID") { Description = "The content id (Restricted content: `zhtp put --access restricted`, the default)." };
        var to = new Option<string>("--to") { Description = "The grantee: an identity id (looked up in the DHT; the grantee must have run `zhtp identity publish`) or a file from `zhtp identity export`.", Required = true };
        var command = new Command("share", "Grants another identity read access to content this identity owns.");
        command.Arguments.Add(id);
        command.Options.Add(to);
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("share", result.InvocationConfiguration.Error, async () =>
        {
            ContentId contentId = ContentClient.ParseId(result.GetValue(id));
            string grantee = result.GetValue(to)!;
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "share", cancellationToken).ConfigureAwait(false);
            PublicIdentity reader = await ResolveAsync(session.Node, grantee, cancellationToken).ConfigureAwait(false);
            await session.Manager.GrantAsync(contentId, reader, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"granted {reader.Kind} identity {reader.Id} read access to {contentId}").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(reader.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static async Task<PublicIdentity> ResolveAsync(IDhtNode node, string grantee, CancellationToken cancellationToken)
    {
        if (!IdentityId.TryParse(grantee, out IdentityId identityId))
        {
            if (!File.Exists(grantee))
            {
                throw new ClientCommandException(ClientExitCodes.Failure, $"--to '{grantee}' is neither an identity id (64 hex characters) nor a file from `zhtp identity export`.");
            }

            return PublicIdentity.Decode(await File.ReadAllBytesAsync(grantee, cancellationToken).ConfigureAwait(false));
        }

        FindValueResult found = await node.FindValueAsync(IdentityRecords.KeyOf(identityId), cancellationToken).ConfigureAwait(false);
        if (found.Record is not { } record || !IdentityRecords.IsValid(record) || !IdentityRecords.TryReadValue(record.Value, out ReadOnlyMemory<byte> encoded, out _))
        {
            throw new ClientCommandException(ClientExitCodes.NotFound, $"no identity record for {identityId} in the DHT; the grantee runs `zhtp identity publish`, or gives you `zhtp identity export -o FILE` for --to FILE.");
        }

        return PublicIdentity.Decode(encoded.Span);
    }
}
