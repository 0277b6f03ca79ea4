namespace Zhtp.Storage.Types.MessagePack;

/// <summary>The outcome of a <see cref="MessagePackPrimitives"/> <c>TryRead*</c> call. Primitives never throw on bad input.</summary>
public enum DecodeResult
{
    /// <summary>The token was decoded; the <c>tokenSize</c> output says how many bytes it took.</summary>
    Success = 0,
    /// <summary>The next token is not of the requested kind, is malformed (0xc1, a timestamp with a bad length or
    /// nanoseconds ≥ 10⁹), or is an integer whose value does not fit the requested type.</summary>
    TokenMismatch = 1,
    /// <summary>The source was empty.</summary>
    EmptyBuffer = 2,
    /// <summary>The token is of the requested kind but the source ends before it does; <c>tokenSize</c> holds the
    /// number of bytes the token needs.</summary>
    InsufficientBuffer = 3,
}
