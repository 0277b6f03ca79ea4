using System.Numerics;
namespace Zhtp.Storage.Types.MessagePack;

// The primitives as ITokenDecoder structs, one line each; MessagePackReader.ReadToken<TDecoder, T> is generic over them.
#pragma warning disable CA1812 // Used only as generic type arguments.

internal readonly struct NilDecoder : ITokenDecoder<bool>
{
    public static string Expected => "nil";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out bool value, out int tokenSize)
    {
        DecodeResult result = MessagePackPrimitives.TryReadNil(source, out tokenSize);
        value = result == DecodeResult.Success;
        return result;
    }
}

internal readonly struct BoolDecoder : ITokenDecoder<bool>
{
    public static string Expected => "Boolean";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out bool value, out int tokenSize) => MessagePackPrimitives.TryReadBool(source, out value, out tokenSize);
}

internal readonly struct IntegerDecoder<T> : ITokenDecoder<T>
    where T : struct, IBinaryInteger<T>
{
    public static string Expected => typeof(T).Name;

    public static bool IsIntegral => true;

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out T value, out int tokenSize) => MessagePackPrimitives.TryReadInteger(source, out value, out tokenSize);
}

internal readonly struct SingleDecoder : ITokenDecoder<float>
{
    public static string Expected => "Single (float or integer)";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out float value, out int tokenSize) => MessagePackPrimitives.TryReadSingle(source, out value, out tokenSize);
}

internal readonly struct DoubleDecoder : ITokenDecoder<double>
{
    public static string Expected => "Double (float or integer)";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out double value, out int tokenSize) => MessagePackPrimitives.TryReadDouble(source, out value, out tokenSize);
}

internal readonly struct ArrayHeaderDecoder : ITokenDecoder<uint>
{
    public static string Expected => "array header";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out uint value, out int tokenSize) => MessagePackPrimitives.TryReadArrayHeader(source, out value, out tokenSize);
}

internal readonly struct MapHeaderDecoder : ITokenDecoder<uint>
{
    public static string Expected => "map header";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out uint value, out int tokenSize) => MessagePackPrimitives.TryReadMapHeader(source, out value, out tokenSize);
}

internal readonly struct StringHeaderDecoder : ITokenDecoder<uint>
{
    public static string Expected => "string (or nil)";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out uint value, out int tokenSize) => MessagePackPrimitives.TryReadStringHeader(source, out value, out tokenSize);
}

internal readonly struct BinHeaderDecoder : ITokenDecoder<uint>
{
    public static string Expected => "binary (or nil)";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out uint value, out int tokenSize) => MessagePackPrimitives.TryReadBinHeader(source, out value, out tokenSize);
}

internal readonly struct ExtensionHeaderDecoder : ITokenDecoder<ExtensionHeader>
{
    public static string Expected => "extension header";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out ExtensionHeader value, out int tokenSize) => MessagePackPrimitives.TryReadExtensionHeader(source, out value, out tokenSize);
}

internal readonly struct TimestampDecoder : ITokenDecoder<MessagePackTimestamp>
{
    public static string Expected => "timestamp (extension −1 with 4, 8 or 12 data bytes and nanoseconds below 10^9)";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out MessagePackTimestamp value, out int tokenSize) => MessagePackPrimitives.TryReadTimestamp(source, out value, out tokenSize);
}

internal readonly struct TokenShapeDecoder : ITokenDecoder<TokenShape>
{
    public static string Expected => "any MessagePack value";

    public static DecodeResult TryRead(ReadOnlySpan<byte> source, out TokenShape value, out int tokenSize) => TokenShape.TryRead(source, out value, out tokenSize);
}
