using System.CommandLine;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp compress [INPUT] [-o OUTPUT]</c>: writes INPUT (or stdin) as one LZ4 frame to OUTPUT
/// (or stdout), readable by <c>lz4 -d</c> and <c>zhtp decompress</c>. Options mirror lz4's:
/// level, block size (-B4..-B7), linked blocks (-BD), block checksums (-BX), content checksum
/// and content size.
/// </summary>
internal sealed class CompressCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var input = new Argument<FileInfo?>("INPUT") { Description = "File to compress; omit or '-' for stdin.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the frame; omit or '-' for stdout." };
        var level = new Option<int>("--level", "-l") { Description = "0 = fast (default, lz4 -1), 3..12 = hash-chain levels (lz4 -3..-12).", DefaultValueFactory = _ => 0 };
        var blockSize = new Option<int>("--block-size", "-B") { Description = "Block maximum size in bytes: 65536 (default), 262144, 1048576 or 4194304.", DefaultValueFactory = _ => 65536 };
        var linked = new Option<bool>("--linked") { Description = "Linked blocks (lz4 -BD): better ratio on small blocks." };
        var blockChecksum = new Option<bool>("--block-checksum") { Description = "xxHash32 after every block (lz4 -BX)." };
        var noContentChecksum = new Option<bool>("--no-content-checksum") { Description = "Leave out the content xxHash32 (lz4 --no-frame-crc)." };
        var contentSize = new Option<bool>("--content-size") { Description = "Store the content size in the header (file input only)." };
        var command = new Command("compress", "Compress a file or stdin into the LZ4 frame format (interoperable with the lz4 command).");
        command.Arguments.Add(input);
        foreach (Option option in new Option[] { output, level, blockSize, linked, blockChecksum, noContentChecksum, contentSize })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            FileInfo? source = CompressionIo.Named(result.GetValue(input));
            var lz4Level = (LZ4Level)result.GetValue(level);
            int block = result.GetValue(blockSize);
            if (!Enum.IsDefined(lz4Level) || block is not (65536 or 262144 or 1048576 or 4194304))
            {
                await error.WriteLineAsync("zhtp compress: --level must be 0 or 3..12 and --block-size one of 65536, 262144, 1048576, 4194304.").ConfigureAwait(false);
                return 2;
            }

            if (result.GetValue(contentSize) && source is null)
            {
                await error.WriteLineAsync("zhtp compress: --content-size needs a file INPUT (the size of stdin is not known in advance).").ConfigureAwait(false);
                return 2;
            }

            var settings = new LZ4EncoderSettings
            {
                CompressionLevel = lz4Level,
                BlockSize = block,
                ChainBlocks = result.GetValue(linked),
                BlockChecksum = result.GetValue(blockChecksum),
                ContentChecksum = !result.GetValue(noContentChecksum),
                ContentLength = result.GetValue(contentSize) ? source!.Length : null,
            };
            return await CompressionIo.RunAsync("compress", source, CompressionIo.Named(result.GetValue(output)), error, async (from, to, ct) =>
            {
                await using Stream encoder = LZ4Stream.Encode(to, settings, leaveOpen: true);
                await from.CopyToAsync(encoder, 1 << 20, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
