namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>A vector split into its low and high nibbles (each byte 0..15), or a pair of nibble tables.</summary>
/// <typeparam name="TVector">The vector register type.</typeparam>
internal readonly struct NibblePair<TVector>(TVector low, TVector high)
    where TVector : struct
{
    /// <summary>Low nibbles (or the table for them).</summary>
    public TVector Low { get; } = low;

    /// <summary>High nibbles shifted down (or the table for them).</summary>
    public TVector High { get; } = high;
}
