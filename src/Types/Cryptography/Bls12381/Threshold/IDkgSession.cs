namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// One member's side of a joint-Feldman (Pedersen) distributed key generation, as a pure state
/// machine: no I/O, no clock, no timers. The transport feeds it messages with the authenticated sender
/// index and the current time, calls <see cref="Tick"/> at <see cref="NextDeadline"/>, and delivers
/// what each call returns. Not thread-safe: serialize calls. Malformed or out-of-phase input is
/// dropped and counted, never thrown.
/// </summary>
public interface IDkgSession : IDisposable
{
    /// <summary>The current phase.</summary>
    DkgPhase Phase { get; }

    /// <summary>When the current phase ends (the transport should <see cref="Tick"/> then); null before Start and after the end.</summary>
    DateTimeOffset? NextDeadline { get; }

    /// <summary>Messages dropped as malformed, misattributed, from another session or out of phase.</summary>
    int Dropped { get; }

    /// <summary>The dealers this member has disqualified so far, with the reason.</summary>
    IReadOnlyDictionary<int, string> Disqualified { get; }

    /// <summary>Starts dealing at <paramref name="now"/>: returns the announcements of this member's encryption key.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    IReadOnlyList<DkgOutgoing> Start(DateTimeOffset now);

    /// <summary>Handles one message from member <paramref name="from"/> (as the transport authenticated it).</summary>
    IReadOnlyList<DkgOutgoing> Receive(int from, ReadOnlySpan<byte> payload, DateTimeOffset now);

    /// <summary>Advances phases whose deadline has passed.</summary>
    IReadOnlyList<DkgOutgoing> Tick(DateTimeOffset now);

    /// <summary>The key share after <see cref="DkgPhase.Completed"/>.</summary>
    /// <exception cref="DkgFailedException">The DKG failed; the message says why.</exception>
    /// <exception cref="InvalidOperationException">Not finished yet.</exception>
    ThresholdKeyShare Result { get; }
}
