using System.CommandLine;
using Zhtp.Storage.S3;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp s3 key create --data-dir D</c>: creates an S3 access key acting as a new identity made on this node, sealed in
/// <c>D/s3/keys</c> under the node-local master key (docs/s3.md "Access keys"), and prints <c>ACCESS_KEY_ID SECRET</c> as
/// the last line of standard output. A gateway already serving D finds the key on first use. Exit code 0, or 1 when the
/// files cannot be written.
/// </summary>
internal sealed class S3Command : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The node's data directory (the key is stored in its s3/keys folder).", Required = true };
        var create = new Command("create", "Creates an access key for a new identity and prints ACCESS_KEY_ID SECRET.");
        create.Options.Add(dataDir);
        create.SetAction((ParseResult result) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            try
            {
                S3AccessKey key = S3AccessKeys.Create(result.GetValue(dataDir)!);
                output.WriteLine($"Created an S3 access key for the new identity {key.IdentityId}; keep the secret (the last line) private.");
                output.WriteLine($"{key.AccessKeyId} {key.SecretAccessKey}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error.WriteLine($"zhtp s3 key create: {e.Message}");
                return 1;
            }
        });
        var keyCommand = new Command("key", "Manages the access keys of the S3 gateway.");
        keyCommand.Subcommands.Add(create);
        var s3 = new Command("s3", "The S3-compatible gateway (docs/s3.md).");
        s3.Subcommands.Add(keyCommand);
        return s3;
    }
}
