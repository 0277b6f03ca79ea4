namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// One member's settings for a distributed key generation among <see cref="Members"/> members
/// (indices 1..n) with threshold <see cref="Threshold"/>. Every member must use the same session id,
/// n, t and phase lengths; phases are measured from the time passed to <see cref="IDkgSession.Start"/>.
/// </summary>
public sealed record DkgOptions
{
    /// <summary>The largest threshold a DKG accepts (a reveal carries t commitments of 48 bytes and must fit one datagram).</summary>
    public const int MaxThreshold = 16;

    /// <summary>The largest committee.</summary>
    public const int MaxMembers = 256;

    /// <summary>32 bytes naming this run (e.g. a hash of the roster and an epoch); every message is bound to it.</summary>
    public required ReadOnlyMemory<byte> SessionId { get; init; }

    /// <summary>n: committee size.</summary>
    public required int Members { get; init; }

    /// <summary>t: partial signatures needed for a group signature (2 ≤ t ≤ n, at most <see cref="MaxThreshold"/>).</summary>
    public required int Threshold { get; init; }

    /// <summary>This member's index, 1..n.</summary>
    public required int Self { get; init; }

    /// <summary>How long dealers have to deliver their shares (announcements and deals).</summary>
    public TimeSpan DealTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after dealing members have to broadcast complaints.</summary>
    public TimeSpan ComplaintTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after the complaint phase accused dealers have to reveal the disputed shares.</summary>
    public TimeSpan RevealTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fills a span with secret randomness (the polynomial's coefficients); the system CSPRNG when null. Tests inject a seeded source.</summary>
    public Action<Span<byte>>? FillRandom { get; init; }

    /// <summary>Throws when the options are inconsistent.</summary>
    /// <exception cref="ArgumentException">What is wrong and the allowed range.</exception>
    public void EnsureValid()
    {
        if (SessionId.Length != 32)
        {
            throw new ArgumentException($"A DKG session id is 32 bytes, got {SessionId.Length}; hash the roster and epoch to make one.", nameof(SessionId));
        }

        if (Members < 2 || Members > MaxMembers)
        {
            throw new ArgumentException($"A DKG committee has 2 to {MaxMembers} members, got {Members}.", nameof(Members));
        }

        if (Threshold < 2 || Threshold > Members || Threshold > MaxThreshold)
        {
            throw new ArgumentException($"The threshold must be 2 to min(n = {Members}, {MaxThreshold}), got {Threshold}.", nameof(Threshold));
        }

        if (Self < 1 || Self > Members)
        {
            throw new ArgumentException($"The own index must be 1 to n = {Members}, got {Self}.", nameof(Self));
        }

        if (DealTimeout <= TimeSpan.Zero || ComplaintTimeout <= TimeSpan.Zero || RevealTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Every DKG phase timeout must be positive.", nameof(DealTimeout));
        }
    }
}
