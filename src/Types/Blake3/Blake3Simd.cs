using System.Runtime.Intrinsics;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// Chooses the SIMD path. <see cref="ForcedPath"/> is a per-thread switch for tests and
/// benchmarks; every public entry point reads <see cref="Current"/> once and passes it down.
/// </summary>
internal static class Blake3Simd
{
    [ThreadStatic]
    private static Blake3Path t_forcedPath;

    /// <summary>The fastest supported path, chosen once at start-up.</summary>
    public static Blake3Path Best { get; } = ChooseBest();

    /// <summary>
    /// The path forced on the current thread, or <see cref="Blake3Path.Auto"/> (the default) for
    /// <see cref="Best"/>. Setting a path the CPU lacks throws <see cref="PlatformNotSupportedException"/>.
    /// </summary>
    public static Blake3Path ForcedPath
    {
        get => t_forcedPath;
        set
        {
            if (!IsSupported(value))
            {
                Blake3ThrowHelper.ThrowPathNotSupported(value);
            }

            t_forcedPath = value;
        }
    }

    /// <summary>The path used by calls on the current thread.</summary>
    public static Blake3Path Current
    {
        get
        {
            Blake3Path forced = t_forcedPath;
            return forced == Blake3Path.Auto ? Best : forced;
        }
    }

    /// <summary>Whether this CPU can run <paramref name="path"/>.</summary>
    public static bool IsSupported(Blake3Path path) => path switch
    {
        Blake3Path.Auto or Blake3Path.Scalar => true,
        Blake3Path.Vector128 => Vector128Lanes.IsSupported,
        Blake3Path.Vector256 => Vector256Lanes.IsSupported,
        Blake3Path.Vector512 => Vector512Lanes.IsSupported,
        _ => false,
    };

    /// <summary>The number of chunks <paramref name="path"/> compresses at once.</summary>
    public static int Degree(Blake3Path path) => path switch
    {
        Blake3Path.Vector512 => Vector512Lanes.Degree,
        Blake3Path.Vector256 => Vector256Lanes.Degree,
        Blake3Path.Vector128 => Vector128Lanes.Degree,
        _ => ScalarLanes.Degree,
    };

    private static Blake3Path ChooseBest()
    {
        if (Vector512Lanes.IsSupported && Vector512.IsHardwareAccelerated)
        {
            return Blake3Path.Vector512;
        }

        if (Vector256Lanes.IsSupported)
        {
            return Blake3Path.Vector256;
        }

        return Vector128Lanes.IsSupported ? Blake3Path.Vector128 : Blake3Path.Scalar;
    }
}
