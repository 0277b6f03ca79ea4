using Org.BouncyCastle.Security;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// A SecureRandom that hands out exactly the given bytes (a vector's seed or randomness) and
/// fails the test if more are asked for, so a test cannot silently run on real randomness.
/// </summary>
internal sealed class FixedSecureRandom(byte[] bytes) : SecureRandom
{
    private int _position;

    /// <summary>True when every byte was consumed.</summary>
    public bool Exhausted => _position == bytes.Length;

    public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

    public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer)
    {
        if (buffer.Length > bytes.Length - _position)
        {
            throw new InvalidOperationException($"FixedSecureRandom: {buffer.Length} bytes requested, {bytes.Length - _position} left.");
        }

        bytes.AsSpan(_position, buffer.Length).CopyTo(buffer);
        _position += buffer.Length;
    }
}
