using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp put FILE</c>: encrypts and uploads a file from this machine as the home's identity; prints the content id
/// as the last line of standard output.
/// </summary>
internal sealed class PutCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "The file to upload." };
        var encrypt = new Option<string>("--encrypt") { Description = "none, standard (AES-256-GCM), high (also seals filename, type, tags) or quantum (hybrid key wrapping and ML-DSA-65; needs a hybrid identity).", DefaultValueFactory = _ => "standard" };
        encrypt.AcceptOnlyFromAmong("none", "standard", "high", "quantum");
        var tier = new Option<string>("--tier") { Description = "hot, warm, cold or archive (drives price once economics are wired).", DefaultValueFactory = _ => "warm" };
        tier.AcceptOnlyFromAmong("hot", "warm", "cold", "archive");
        var access = new Option<string>("--access") { Description = "restricted (you and whom you `zhtp share` with), private (you only; no grants) or public (anyone; --encrypt none or standard).", DefaultValueFactory = _ => "restricted" };
        access.AcceptOnlyFromAmong("restricted", "private", "public");
        var replication = new Option<int>("--replication") { Description = "Copies the storage market should keep (3–12; recorded, not yet enforced).", DefaultValueFactory = _ => 3 };
        var tags = new Option<string[]>("--tag") { Description = "A search tag (repeatable)." };
        var command = new Command("put", "Encrypts and uploads FILE from this machine; prints the content id last.");
        command.Arguments.Add(file);
        foreach (Option option in new Option[] { encrypt, tier, access, replication, tags })
        {
            command.Options.Add(option);
        }

        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("put", result.InvocationConfiguration.Error, async () =>
        {
            string path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new ClientCommandException(ClientExitCodes.Failure, $"no such file: {path}");
            }

            await using FileStream input = File.OpenRead(path);
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "put", cancellationToken).ConfigureAwait(false);
            var metadata = new ContentMetadata
            {
                Filename = Path.GetFileName(path),
                Tags = result.GetValue(tags) ?? [],
                Tier = Enum.Parse<StorageTier>(result.GetValue(tier)!, ignoreCase: true),
                Access = Enum.Parse<AccessLevel>(result.GetValue(access)!, ignoreCase: true),
                Replication = result.GetValue(replication),
            };
            EncryptionLevel level = result.GetValue(encrypt) switch
            {
                "none" => EncryptionLevel.None,
                "high" => EncryptionLevel.HighSecurity,
                "quantum" => EncryptionLevel.QuantumResistant,
                _ => EncryptionLevel.Standard,
            };
            ContentReceipt receipt = await TransferProgress.RunAsync($"put {metadata.Filename}", input.Length, result.InvocationConfiguration.Error, progress =>
                session.Manager.UploadAsync(input, new ContentUploadOptions { Metadata = metadata, Encryption = level, Progress = progress }, cancellationToken)).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"stored {receipt.Length:N0} bytes ({level}, {metadata.Access}) as {receipt.Segments} segments, {receipt.Shards} shards ({receipt.StoredBytes:N0} bytes) on {receipt.Holders} nodes")).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(receipt.Id.ToString()).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
