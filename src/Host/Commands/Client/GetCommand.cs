using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp get ID -o FILE [--range START-END]</c>: fetches, verifies and decrypts content on this machine and writes
/// the bytes (a range through the manager's seekable stream, fetching only the segments it touches).
/// </summary>
internal sealed class GetCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var id = new Argument<string>("ID") { Description = "The content id `zhtp put` printed." };
        var output = new Option<string>("--output", "-o") { Description = "File to write (replaced; removed again if the download fails).", Required = true };
        var range = new Option<string?>("--range") { Description = "Only bytes START to END inclusive (as HTTP and curl -r count), or START- to the end." };
        var version = new Option<ulong?>("--content-version") { Description = "A version (default: the latest)." };
        var command = new Command("get", "Downloads content as the home's identity and writes it to -o FILE (exit 2: not found, 3: access denied).");
        command.Arguments.Add(id);
        command.Options.Add(output);
        command.Options.Add(range);
        command.Options.Add(version);
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("get", result.InvocationConfiguration.Error, async () =>
        {
            ContentId contentId = ContentClient.ParseId(result.GetValue(id));
            (long Start, long? End)? window = ParseRange(result.GetValue(range));
            string path = result.GetValue(output)!;
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "get", cancellationToken).ConfigureAwait(false);
            long written;
            bool done = false;
            FileStream file = File.Create(path);
            try
            {
                await using (file.ConfigureAwait(false))
                {
                    written = window is { } w
                        ? await CopyRangeAsync(session.Manager, contentId, result.GetValue(version), w.Start, w.End, file, result.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false)
                        : (await TransferProgress.RunAsync($"get {contentId.ToString()[..12]}…", null, result.InvocationConfiguration.Error, progress =>
                            session.Manager.DownloadAsync(contentId, file, result.GetValue(version), progress, cancellationToken)).ConfigureAwait(false)).BytesWritten;
                }

                done = true;
            }
            finally
            {
                if (!done)
                {
                    File.Delete(path);
                }
            }

            await result.InvocationConfiguration.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {written:N0} bytes to {path}")).ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }

    private static async Task<long> CopyRangeAsync(IContentManager manager, ContentId id, ulong? version, long start, long? end, Stream destination, TextWriter error, CancellationToken cancellationToken)
    {
        Stream source = await manager.OpenReadAsync(id, version, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            long last = Math.Min(end ?? long.MaxValue, source.Length - 1);
            if (start >= source.Length)
            {
                throw new ClientCommandException(ClientExitCodes.Failure, string.Create(CultureInfo.InvariantCulture, $"--range starts at {start:N0}, but the content has {source.Length:N0} bytes."));
            }

            long length = last - start + 1;
            source.Position = start;
            return await TransferProgress.RunAsync($"get {start:N0}-{last:N0}", length, error, async progress =>
            {
                byte[] buffer = new byte[256 * 1024];
                long copied = 0;
                while (copied < length)
                {
                    int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    copied += read;
                    progress.Report(new ContentProgress(copied, length, 0));
                }

                return copied;
            }).ConfigureAwait(false);
        }
    }

    /// <summary>START-END (inclusive) or START-; null when <paramref name="text"/> is null.</summary>
    internal static (long Start, long? End)? ParseRange(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long start)
            && (dash == text.Length - 1 || long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long parsedEnd) && parsedEnd >= start))
        {
            return (start, dash == text.Length - 1 ? null : long.Parse(text.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }

        throw new ClientCommandException(ClientExitCodes.Failure, $"--range '{text}' is not START-END (inclusive byte offsets, END >= START) or START-.");
    }
}
