using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.MessagePack;

// Skip walks any value without materializing it. Work is bounded by the input: every token consumes at least one
// byte, a container's child count is checked against the bytes left before descending, and each level of nesting
// passes through the depth limit (and a stack-space check) before recursing.
public ref partial struct MessagePackReader
{
    /// <summary>Skips the next value, including everything nested in it.</summary>
    /// <exception cref="MessagePackSerializationException">The value is malformed, truncated, claims more bytes or
    /// elements than remain, or nests deeper than <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>.</exception>
    public void Skip()
    {
        TokenShape shape = ReadToken<TokenShapeDecoder, TokenShape>();
        if (shape.PayloadLength != 0)
        {
            EnsureRemaining(shape.PayloadLength, "payload length");
            Advance(shape.PayloadLength);
        }

        if (!shape.IsContainer)
        {
            return;
        }

        EnsureRemaining(shape.ChildCount, "container element count");
        IncreaseDepth();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            MessagePackThrowHelper.ThrowInsufficientStack(Depth, Consumed);
        }

        for (long i = 0; i < shape.ChildCount; i++)
        {
            Skip();
        }

        DecreaseDepth();
    }
}
