namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// One <see cref="MessagePackPrimitives"/> decoder as a type, so <see cref="MessagePackReader"/> has a single generic
/// read path (fast single-segment attempt, then a copy across segments) with no delegate calls: the JIT specializes it
/// per struct decoder.
/// </summary>
/// <typeparam name="T">The decoded value.</typeparam>
internal interface ITokenDecoder<T>
{
    /// <summary>What the caller expected, for error messages (for example <c>"Int32"</c>).</summary>
    static abstract string Expected { get; }

    /// <summary>Whether a <see cref="DecodeResult.TokenMismatch"/> on an integer token means the value is out of range.</summary>
    static virtual bool IsIntegral => false;

    /// <summary>Decodes one token.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The value.</param>
    /// <param name="tokenSize">The token size, or the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    static abstract DecodeResult TryRead(ReadOnlySpan<byte> source, out T value, out int tokenSize);
}
