using System.Buffers;
using System.CommandLine;
using System.Globalization;
using Blake3;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp hash [FILE...]</c>: BLAKE3 of files or standard input, printed like <c>b3sum</c>
/// (<c>hex␠␠name</c>, one line per input; <c>-</c> or no file reads standard input). Files are
/// streamed through a fixed buffer, never read whole. A file that cannot be read is reported on
/// standard error and the others are still hashed; the exit code is then 1.
/// </summary>
internal sealed class HashCommand : IZhtpCommand
{
    private const int BufferSize = 256 * 1024;

    /// <inheritdoc />
    public Command Build()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Files to hash; '-' or none reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        files.Validators.Add(result =>
        {
            foreach (string name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (name.Length > 1 && name[0] == '-')
                {
                    result.AddError($"Unknown option '{name}'. To hash a file whose name starts with '-', write it as ./{name}.");
                }
            }
        });
        var length = new Option<long>("--length", "-l")
        {
            Description = "The number of output bytes (extendable output; default 32).",
            DefaultValueFactory = _ => Hash.Size,
        };
        var keyed = new Option<bool>("--keyed")
        {
            Description = "Keyed mode. The 32-byte key is read from standard input (then at least one FILE is required), or from --key-file.",
        };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "Read the 32-byte key of --keyed from this file (implies --keyed).",
        };
        var deriveKey = new Option<string?>("--derive-key")
        {
            Description = "Key derivation mode with this context string; the inputs are the key material.",
        };
        var noNames = new Option<bool>("--no-names")
        {
            Description = "Print only the hashes, without file names.",
        };
        var command = new Command("hash", "Prints BLAKE3 hashes of files, like b3sum.");
        command.Arguments.Add(files);
        command.Options.Add(length);
        command.Options.Add(keyed);
        command.Options.Add(keyFile);
        command.Options.Add(deriveKey);
        command.Options.Add(noNames);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var request = new HashRequest(
                result.GetValue(files) ?? [],
                result.GetValue(length),
                result.GetValue(keyed) || result.GetValue(keyFile) is not null,
                result.GetValue(keyFile),
                result.GetValue(deriveKey),
                result.GetValue(noNames));
            return RunAsync(request, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(HashRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Length < 0)
        {
            await error.WriteLineAsync($"zhtp hash: --length must be 0 or more bytes, was {request.Length.ToString(CultureInfo.InvariantCulture)}.").ConfigureAwait(false);
            return 2;
        }

        if (request.Keyed && request.DeriveContext is not null)
        {
            await error.WriteLineAsync("zhtp hash: --keyed and --derive-key cannot be used together; choose one mode.").ConfigureAwait(false);
            return 2;
        }

        string[] names = request.Files.Length == 0 ? ["-"] : request.Files;
        bool keyFromStdin = request.Keyed && request.KeyFile is null;
        if (keyFromStdin && names.Contains("-"))
        {
            await error.WriteLineAsync("zhtp hash: with --keyed the key is read from standard input, so name at least one FILE (not '-') or pass --key-file PATH.").ConfigureAwait(false);
            return 2;
        }

        Hasher hasher;
        if (request.Keyed)
        {
            byte[]? key = await ReadKeyAsync(request.KeyFile, error, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return 2;
            }

            hasher = Hasher.NewKeyed(key);
        }
        else
        {
            hasher = request.DeriveContext is null ? Hasher.New() : Hasher.NewDeriveKey(request.DeriveContext);
        }

        using Hasher ownedHasher = hasher;
        int exitCode = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (string name in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hasher.Reset();
                string? failure = await HashInputAsync(hasher, name, buffer, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    await error.WriteLineAsync($"zhtp hash: {name}: {failure}").ConfigureAwait(false);
                    exitCode = 1;
                    continue;
                }

                await WriteLineAsync(output, hasher, request.Length, name, request.NoNames, buffer).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>Feeds one input to <paramref name="hasher"/>; returns why it could not be read, or null.</summary>
    private static async Task<string?> HashInputAsync(Hasher hasher, string name, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = name == "-"
                ? Console.OpenStandardInput()
                : new FileStream(name, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hasher.Update(buffer.AsSpan(0, read));
                }
            }

            return null;
        }
        catch (FileNotFoundException)
        {
            return "No such file or directory";
        }
        catch (DirectoryNotFoundException)
        {
            return "No such file or directory";
        }
        catch (UnauthorizedAccessException ex)
        {
            return Directory.Exists(name) ? "Is a directory" : ex.Message;
        }
        catch (IOException ex)
        {
            return ex.Message;
        }
    }

    private static async Task<byte[]?> ReadKeyAsync(string? keyFile, TextWriter error, CancellationToken cancellationToken)
    {
        string source = keyFile ?? "standard input";
        byte[] key = new byte[Hash.Size + 1];
        int total = 0;
        try
        {
            Stream stream = keyFile is null ? Console.OpenStandardInput() : File.OpenRead(keyFile);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (total < key.Length && (read = await stream.ReadAsync(key.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"zhtp hash: cannot read the key from {source}: {ex.Message}").ConfigureAwait(false);
            return null;
        }

        if (total != Hash.Size)
        {
            string got = total > Hash.Size ? "more than 32" : total.ToString(CultureInfo.InvariantCulture);
            await error.WriteLineAsync($"zhtp hash: the key from {source} must be exactly 32 raw bytes; got {got} bytes.").ConfigureAwait(false);
            return null;
        }

        return key[..Hash.Size];
    }

    /// <summary>
    /// Writes the b3sum line: hex, two spaces, name. A name with a backslash or newline is escaped
    /// and the line starts with a backslash. Long outputs are written in pieces.
    /// </summary>
    private static async Task WriteLineAsync(TextWriter output, Hasher hasher, long length, string name, bool noNames, byte[] scratch)
    {
        bool escape = !noNames && (name.Contains('\\', StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal));
        if (escape)
        {
            await output.WriteAsync('\\').ConfigureAwait(false);
        }

        const int Piece = 4096;
        for (long offset = 0; offset < length; offset += Piece)
        {
            int count = (int)Math.Min(Piece, length - offset);
            hasher.Finalize((ulong)offset, scratch.AsSpan(0, count));
            await output.WriteAsync(Convert.ToHexStringLower(scratch, 0, count)).ConfigureAwait(false);
        }

        if (!noNames)
        {
            string shown = escape ? name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) : name;
            await output.WriteAsync("  " + shown).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private sealed record HashRequest(string[] Files, long Length, bool Keyed, string? KeyFile, string? DeriveContext, bool NoNames);
}
