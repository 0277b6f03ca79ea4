using System.CommandLine;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp dht put|get</c>: joins a DHT as a short-lived client. <c>put</c> stores an immutable
/// record and prints its key (hex BLAKE3 of the value); <c>get KEY</c> writes the value to standard
/// output, or exits with code 2 when no node returns it.
/// </summary>
internal sealed class DhtCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("dht", "Stores and finds records in a running DHT.");
        command.Subcommands.Add(BuildPut());
        command.Subcommands.Add(BuildGet());
        return command;
    }

    private static Option<string[]> BootstrapOption() => new("--bootstrap")
    {
        Description = "HOST:PORT of a running node (repeat the option for more).",
        Required = true,
    };

    private static Command BuildPut()
    {
        Option<string[]> bootstrap = BootstrapOption();
        Option<string> signer = DhtHostSupport.SignerOption();
        var file = new Option<string?>("--file") { Description = "Store the contents of this file." };
        var value = new Argument<string?>("VALUE") { Description = "The value to store (UTF-8), unless --file is given.", Arity = ArgumentArity.ZeroOrOne };
        var put = new Command("put", "Stores an immutable record and prints its key.");
        put.Options.Add(bootstrap);
        put.Options.Add(signer);
        put.Options.Add(file);
        put.Arguments.Add(value);
        put.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            string? path = result.GetValue(file);
            string? text = result.GetValue(value);
            if ((path is null) == (text is null))
            {
                await error.WriteLineAsync("zhtp dht put: give either --file F or a VALUE (not both, not neither).").ConfigureAwait(false);
                return 2;
            }

            byte[] bytes;
            try
            {
                bytes = path is null ? System.Text.Encoding.UTF8.GetBytes(text!) : await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"zhtp dht put: cannot read {path}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            List<IPEndPoint>? endpoints = DhtHostSupport.ParseBootstrap(result.GetValue(bootstrap) ?? [], error, "dht put");
            if (endpoints is null)
            {
                return 2;
            }

            IDhtNode? client = await DhtHostSupport.JoinAsClientAsync(endpoints, DhtHostSupport.SignerAlgorithm(result.GetValue(signer)), error, "dht put", cancellationToken).ConfigureAwait(false);
            if (client is null)
            {
                return 1;
            }

            await using (client.ConfigureAwait(false))
            {
                try
                {
                    StoreResult stored = await client.StoreAsync(bytes, cancellationToken).ConfigureAwait(false);
                    int remote = stored.StoredOn.Count(c => c.Id != client.Self.Id);
                    if (remote == 0)
                    {
                        await error.WriteLineAsync("zhtp dht put: no node acknowledged the record.").ConfigureAwait(false);
                        return 1;
                    }

                    await error.WriteLineAsync($"stored on {remote} node(s)").ConfigureAwait(false);
                    await output.WriteLineAsync(stored.Key.ToString()).ConfigureAwait(false);
                    return 0;
                }
                catch (Exception e) when (e is ArgumentException or DhtException)
                {
                    await error.WriteLineAsync($"zhtp dht put: {e.Message}").ConfigureAwait(false);
                    return 1;
                }
            }
        });
        return put;
    }

    private static Command BuildGet()
    {
        Option<string[]> bootstrap = BootstrapOption();
        Option<string> signer = DhtHostSupport.SignerOption();
        var key = new Argument<string>("KEY") { Description = "The record key (64 hex or 52 base32 characters)." };
        var get = new Command("get", "Finds a record and writes its value to standard output (exit code 2 when not found).");
        get.Options.Add(bootstrap);
        get.Options.Add(signer);
        get.Arguments.Add(key);
        get.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            if (!DhtKey.TryParse(result.GetValue(key), out DhtKey dhtKey))
            {
                await error.WriteLineAsync($"zhtp dht get: '{result.GetValue(key)}' is not a key (64 hex or 52 base32 characters).").ConfigureAwait(false);
                return 2;
            }

            List<IPEndPoint>? endpoints = DhtHostSupport.ParseBootstrap(result.GetValue(bootstrap) ?? [], error, "dht get");
            if (endpoints is null)
            {
                return 2;
            }

            IDhtNode? client = await DhtHostSupport.JoinAsClientAsync(endpoints, DhtHostSupport.SignerAlgorithm(result.GetValue(signer)), error, "dht get", cancellationToken).ConfigureAwait(false);
            if (client is null)
            {
                return 1;
            }

            await using (client.ConfigureAwait(false))
            {
                FindValueResult found = await client.FindValueAsync(dhtKey, cancellationToken).ConfigureAwait(false);
                if (!found.Found)
                {
                    await error.WriteLineAsync($"zhtp dht get: record {dhtKey} not found (asked {found.Messages} node(s)).").ConfigureAwait(false);
                    return 2;
                }

                Stream stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(found.Record!.Value, cancellationToken).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
        });
        return get;
    }
}
