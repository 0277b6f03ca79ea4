using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Zhtp.Storage.Content.Compression;

/// <summary>Throw sites kept out of the hot codec loops.</summary>
internal static class LZ4ThrowHelper
{
    [DoesNotReturn]
    internal static void Format(string message) => throw new LZ4FormatException(message);

    [DoesNotReturn]
    internal static void TruncatedBlock() =>
        throw new LZ4FormatException("LZ4 block is truncated: a sequence runs past the end of the compressed data. The block is corrupt or was cut short.");

    [DoesNotReturn]
    internal static void OutputTooSmall(int capacity) =>
        throw new LZ4FormatException(string.Create(CultureInfo.InvariantCulture,
            $"LZ4 block decodes to more than the {capacity} bytes of the target. Pass a target of the original length; if that is what you passed, the block is corrupt."));

    [DoesNotReturn]
    internal static void BadOffset() =>
        throw new LZ4FormatException("LZ4 block has a match offset of zero or one that points before the start of the output (or dictionary). The block is corrupt.");

    [DoesNotReturn]
    internal static void EmptyBlock() =>
        throw new LZ4FormatException("LZ4 block is empty; a valid block holds at least one token byte.");

    [DoesNotReturn]
    internal static void ArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);
}
