namespace Zhtp.Storage.Types.MessagePack;

/// <summary>What follows a token's header, for <see cref="MessagePackReader.Skip"/>: raw payload bytes (strings,
/// binaries, extensions) and/or child values (array elements, map keys and values).</summary>
/// <param name="PayloadLength">The bytes after the header that belong to this token.</param>
/// <param name="ChildCount">The number of nested values that follow (2 per map entry).</param>
/// <param name="IsContainer">Whether the token is an array or a map (which counts towards the depth even when empty).</param>
internal readonly record struct TokenShape(uint PayloadLength, long ChildCount, bool IsContainer)
{
    /// <summary>Decodes the header of any token.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="shape">What follows the header.</param>
    /// <param name="tokenSize">The header size, or the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; only 0xc1 is a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out TokenShape shape, out int tokenSize)
    {
        shape = default;
        if (source.IsEmpty)
        {
            tokenSize = 1;
            return DecodeResult.EmptyBuffer;
        }

        byte code = source[0];
        DecodeResult result;
        uint length;
        switch (MessagePackCode.ToMessagePackType(code))
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                tokenSize = 1;
                return DecodeResult.Success;
            case MessagePackType.Integer:
                tokenSize = MessagePackPrimitives.IntegerTokenSize(code);
                return source.Length < tokenSize ? DecodeResult.InsufficientBuffer : DecodeResult.Success;
            case MessagePackType.Float:
                tokenSize = code == MessagePackCode.Float32 ? 5 : 9;
                return source.Length < tokenSize ? DecodeResult.InsufficientBuffer : DecodeResult.Success;
            case MessagePackType.String:
                result = MessagePackPrimitives.TryReadStringHeader(source, out length, out tokenSize);
                shape = new TokenShape(length, 0, false);
                return result;
            case MessagePackType.Binary:
                result = MessagePackPrimitives.TryReadBinHeader(source, out length, out tokenSize);
                shape = new TokenShape(length, 0, false);
                return result;
            case MessagePackType.Extension:
                result = MessagePackPrimitives.TryReadExtensionHeader(source, out ExtensionHeader header, out tokenSize);
                shape = new TokenShape(header.Length, 0, false);
                return result;
            case MessagePackType.Array:
                result = MessagePackPrimitives.TryReadArrayHeader(source, out length, out tokenSize);
                shape = new TokenShape(0, length, true);
                return result;
            case MessagePackType.Map:
                result = MessagePackPrimitives.TryReadMapHeader(source, out length, out tokenSize);
                shape = new TokenShape(0, 2L * length, true);
                return result;
            default:
                tokenSize = 0;
                return DecodeResult.TokenMismatch;
        }
    }
}
