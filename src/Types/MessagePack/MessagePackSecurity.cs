namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// Limits that protect a reader from hostile input, after MessagePack-CSharp's <c>MessagePackSecurity</c>.
/// Immutable and thread-safe; assign one to <see cref="MessagePackReader.Security"/>.
/// </summary>
public sealed class MessagePackSecurity
{
    /// <summary>The largest depth a caller may configure: deeper recursion risks the thread's stack.</summary>
    public const int MaximumSupportedDepth = 4096;

    private readonly int _maximumObjectGraphDepth = 64;

    /// <summary>Creates the default limits.</summary>
    public MessagePackSecurity()
    {
    }

    private MessagePackSecurity(MessagePackSecurity copyFrom)
    {
        _maximumObjectGraphDepth = copyFrom._maximumObjectGraphDepth;
    }

    /// <summary>The default limits: a maximum object graph depth of 64.</summary>
    public static MessagePackSecurity Default { get; } = new();

    /// <summary>
    /// How many arrays and maps may be nested (the outermost container is depth 1). Enforced by
    /// <see cref="MessagePackReader.Skip"/> and by <see cref="DepthStep"/> /
    /// <see cref="MessagePackReader.IncreaseDepth"/> in callers that decode containers. Default 64, 1 to
    /// <see cref="MaximumSupportedDepth"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaximumSupportedDepth"/>.</exception>
    public int MaximumObjectGraphDepth
    {
        get => _maximumObjectGraphDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaximumSupportedDepth);
            _maximumObjectGraphDepth = value;
        }
    }

    /// <summary>A copy of these limits with another maximum depth.</summary>
    /// <param name="maximumObjectGraphDepth">The new limit, 1 to <see cref="MaximumSupportedDepth"/>.</param>
    /// <returns>A new instance.</returns>
    public MessagePackSecurity WithMaximumObjectGraphDepth(int maximumObjectGraphDepth) =>
        new(this) { MaximumObjectGraphDepth = maximumObjectGraphDepth };

    /// <summary>Enters one level of nesting: increments <see cref="MessagePackReader.Depth"/> and throws when it
    /// exceeds <see cref="MaximumObjectGraphDepth"/>. Pair every call with <c>reader.Depth--</c>.</summary>
    /// <param name="reader">The reader that is about to decode a container's elements.</param>
    /// <exception cref="MessagePackSerializationException">The depth limit is exceeded.</exception>
    public void DepthStep(ref MessagePackReader reader)
    {
        int depth = ++reader.Depth;
        if (depth > MaximumObjectGraphDepth)
        {
            MessagePackThrowHelper.ThrowDepthExceeded(depth, MaximumObjectGraphDepth, reader.Consumed);
        }
    }
}
