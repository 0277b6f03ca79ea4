namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// The value of the MessagePack timestamp extension (type −1): seconds since 1970-01-01T00:00:00Z and a nanosecond
/// part. Unlike <see cref="DateTime"/> it covers the whole range of the format (signed 64-bit seconds) at full
/// nanosecond precision; this type has no counterpart in MessagePack-CSharp, which only maps to <see cref="DateTime"/>.
/// </summary>
public readonly record struct MessagePackTimestamp
{
    private const long NanosecondsPerTick = 100;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Creates a timestamp.</summary>
    /// <param name="seconds">Seconds since the Unix epoch (negative before it).</param>
    /// <param name="nanoseconds">The sub-second part, 0 to 999 999 999.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanoseconds"/> is 10⁹ or more.</exception>
    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, MaxNanosecondsExclusive);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    /// <summary>One more than the largest allowed <see cref="Nanoseconds"/>.</summary>
    public const uint MaxNanosecondsExclusive = 1_000_000_000;

    /// <summary>Seconds since 1970-01-01T00:00:00Z.</summary>
    public long Seconds { get; }

    /// <summary>The sub-second part in nanoseconds, always below 10⁹.</summary>
    public uint Nanoseconds { get; }

    /// <summary>Converts a <see cref="DateTime"/>: <see cref="DateTimeKind.Local"/> values are converted to UTC first,
    /// <see cref="DateTimeKind.Unspecified"/> values are taken as UTC (as MessagePack-CSharp does).</summary>
    /// <param name="value">The time to convert; exact, since a tick is 100 ns.</param>
    /// <returns>The same instant as a timestamp.</returns>
    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        long ticks = value.Ticks - UnixEpochTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new MessagePackTimestamp(seconds, (uint)(remainder * NanosecondsPerTick));
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>, truncating the nanoseconds to 100 ns ticks.</summary>
    /// <param name="value">The converted value when the instant lies in 0001-01-01 .. 9999-12-31 UTC.</param>
    /// <returns>False when the instant is outside the range of <see cref="DateTime"/>.</returns>
    public bool TryToDateTime(out DateTime value)
    {
        const long minSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
        const long maxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        if (Seconds < minSeconds || Seconds > maxSeconds)
        {
            value = default;
            return false;
        }

        long ticks = UnixEpochTicks + (Seconds * TimeSpan.TicksPerSecond) + (Nanoseconds / NanosecondsPerTick);
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Converts to a UTC <see cref="DateTime"/>, truncating the nanoseconds to 100 ns ticks.</summary>
    /// <returns>The same instant.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside the range of <see cref="DateTime"/>.</exception>
    public DateTime ToDateTime() => TryToDateTime(out DateTime value)
        ? value
        : throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "The timestamp lies outside the range of DateTime (years 1 to 9999); read it with ReadTimestamp instead.");
}
