using System.CommandLine;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp identity new|show|export|import|publish</c>: the user identity in the home (docs/cli.md, "Identity").
/// <c>show</c> prints the identity id as the last line of standard output.
/// </summary>
internal sealed class IdentityCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("identity", "Creates, shows, exports, imports and publishes the user identity in --home.");
        command.Subcommands.Add(BuildNew());
        command.Subcommands.Add(BuildShow());
        command.Subcommands.Add(BuildExport());
        command.Subcommands.Add(BuildImport());
        command.Subcommands.Add(BuildPublish());
        return command;
    }

    private static Command BuildNew()
    {
        var kind = new Option<string>("--kind") { Description = "classical (Ed25519 + X25519), pq (ML-DSA-65 + ML-KEM-768) or hybrid (all four; needed for --encrypt quantum).", DefaultValueFactory = _ => "hybrid" };
        kind.AcceptOnlyFromAmong("classical", "pq", "hybrid");
        var command = new Command("new", "Creates an identity: identity.pub and identity.key (sealed under the passphrase); prints its id last.");
        command.Options.Add(kind);
        var client = new ClientOptions().AddTo(command, network: false);
        command.SetAction((result, _) => ClientExitCodes.RunAsync("identity new", result.InvocationConfiguration.Error, async () =>
        {
            ClientHome home = client.Home(result);
            string passphrase = client.Passphrase(result);
            IdentityKind identityKind = result.GetValue(kind) switch { "classical" => IdentityKind.Classical, "pq" => IdentityKind.PostQuantum, _ => IdentityKind.Hybrid };
            using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions { Kind = identityKind });
            home.Save(identity, passphrase);
            await result.InvocationConfiguration.Output.WriteLineAsync($"created {identityKind} identity in {home.Directory}").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(identity.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildShow()
    {
        var command = new Command("show", "Prints the identity's kind and, as the last line, its id (reads identity.pub; no passphrase).");
        var client = new ClientOptions().AddTo(command, network: false);
        command.SetAction((result, _) => ClientExitCodes.RunAsync("identity show", result.InvocationConfiguration.Error, async () =>
        {
            PublicIdentity identity = client.Home(result).LoadPublic();
            await result.InvocationConfiguration.Output.WriteLineAsync($"kind {identity.Kind}{(identity.HasKemKey ? " (ML-KEM-768 key: can read QuantumResistant grants)" : "")}").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(identity.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildExport()
    {
        var output = new Option<string>("--output", "-o") { Description = "File to write the public identity to (give it to whoever shares content with you).", Required = true };
        var command = new Command("export", "Writes the public identity (identity.pub: no private key) to a file.");
        command.Options.Add(output);
        var client = new ClientOptions().AddTo(command, network: false);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("identity export", result.InvocationConfiguration.Error, async () =>
        {
            PublicIdentity identity = client.Home(result).LoadPublic();
            await File.WriteAllBytesAsync(result.GetValue(output)!, identity.Encode(), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(identity.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildImport()
    {
        var file = new Argument<string>("FILE") { Description = "A sealed identity.key (from another home or machine)." };
        var command = new Command("import", "Installs a sealed identity.key into --home (opened with the passphrase first); prints its id last.");
        command.Arguments.Add(file);
        var client = new ClientOptions().AddTo(command, network: false);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("identity import", result.InvocationConfiguration.Error, async () =>
        {
            ClientHome home = client.Home(result);
            string passphrase = client.Passphrase(result);
            byte[] sealedKey = await File.ReadAllBytesAsync(result.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            using ZhtpIdentity identity = ZhtpIdentity.ImportSealed(sealedKey, passphrase);
            home.Save(identity, passphrase);
            await result.InvocationConfiguration.Output.WriteLineAsync(identity.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildPublish()
    {
        var command = new Command("publish", "Stores the identity in the DHT credential vault (keys sealed under the passphrase), so others can find its public identity by id (`zhtp share --to ID`) and it can be restored from id and passphrase.");
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("identity publish", result.InvocationConfiguration.Error, async () =>
        {
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "identity publish", cancellationToken).ConfigureAwait(false);
            await IdentityVaults.Create(session.Node).StoreAsync(session.Identity, client.Passphrase(result), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(session.Identity.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
