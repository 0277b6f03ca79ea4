using System.CommandLine;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp decompress [INPUT] [-o OUTPUT]</c>: decodes the LZ4 frames in INPUT (or stdin) to
/// OUTPUT (or stdout). Concatenated frames are joined and skippable frames skipped; corrupt or
/// truncated input exits with code 1 and a message on stderr.
/// </summary>
internal sealed class DecompressCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var input = new Argument<FileInfo?>("INPUT") { Description = "LZ4 frame file; omit or '-' for stdin.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the content; omit or '-' for stdout." };
        var command = new Command("decompress", "Decompress LZ4 frames (as written by lz4 or zhtp compress) from a file or stdin.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
            await CompressionIo.RunAsync("decompress", CompressionIo.Named(result.GetValue(input)), CompressionIo.Named(result.GetValue(output)), result.InvocationConfiguration.Error, async (from, to, ct) =>
            {
                await using Stream decoder = LZ4Stream.Decode(from, leaveOpen: true);
                await decoder.CopyToAsync(to, 1 << 20, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false));
        return command;
    }
}

/// <summary>Input/output plumbing shared by <c>zhtp compress</c> and <c>zhtp decompress</c>.</summary>
internal static class CompressionIo
{
    /// <summary>Null for stdin/stdout ('-' or omitted), else the file.</summary>
    internal static FileInfo? Named(FileInfo? file) => file is null || file.ToString() == "-" ? null : file;

    /// <summary>Opens the streams, runs <paramref name="copy"/>, maps failures to exit codes (1 = bad data or I/O).</summary>
    internal static async Task<int> RunAsync(string name, FileInfo? input, FileInfo? output, TextWriter error, Func<Stream, Stream, CancellationToken, Task> copy, CancellationToken cancellationToken)
    {
        if (input is { Exists: false })
        {
            await error.WriteLineAsync($"zhtp {name}: {input.FullName} does not exist.").ConfigureAwait(false);
            return 2;
        }

        try
        {
            await using Stream from = input is null ? Console.OpenStandardInput() : input.OpenRead();
            await using Stream to = output is null ? Console.OpenStandardOutput() : output.Create();
            await copy(from, to, cancellationToken).ConfigureAwait(false);
            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (LZ4FormatException ex)
        {
            await error.WriteLineAsync($"zhtp {name}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"zhtp {name}: I/O error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (UnauthorizedAccessException ex)
        {
            await error.WriteLineAsync($"zhtp {name}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
