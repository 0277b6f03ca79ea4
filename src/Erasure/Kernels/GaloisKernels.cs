using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Erasure.Kernels;

// Implementation notes
// Up to OutputGroup.MaxCount outputs are computed in one pass over the inputs. More outputs take
// several passes, so the region is cut into blocks small enough (about 256 KiB of input across
// all k inputs) that later passes find the inputs in L2.
// Regions of NonTemporalThreshold bytes and more no longer fit L2 with their inputs, and the
// pass is bound by cache bandwidth: there, outputs that are vector-aligned are written with
// non-temporal stores, which skip the read-for-ownership of every output line (a third less
// traffic for 4+2) and keep the inputs in cache. A store fence ends such a call.

/// <summary>
/// Region kernels over GF(2^8): the dot product of k input regions with rows of coefficients,
/// dispatched to the fastest instruction path this CPU has (or the one tests force).
/// </summary>
internal static unsafe class GaloisKernels
{
    private const int BlockBudgetBytes = 256 * 1024;

    private static KernelPath? _forcedPath;

    /// <summary>
    /// Regions at least this long (bytes per output) are written with non-temporal stores when
    /// the outputs are vector-aligned. Default 512 KiB; tests lower it to cover that path.
    /// </summary>
    internal static nint NonTemporalThreshold { get; set; } = 512 * 1024;

    /// <summary>The fastest path the current CPU supports.</summary>
    public static KernelPath Best { get; } = DetectBest();

    /// <summary>
    /// Test switch: forces a path (it must be supported, see <see cref="IsSupported"/>);
    /// <see langword="null"/> selects <see cref="Best"/>. Process-wide: tests that set it run serially.
    /// </summary>
    internal static KernelPath? ForcedPath
    {
        get => _forcedPath;
        set
        {
            if (value is { } path && !IsSupported(path))
            {
                throw new PlatformNotSupportedException($"This CPU cannot run the {path} kernel path.");
            }

            _forcedPath = value;
        }
    }

    /// <summary>The path the kernels use now.</summary>
    public static KernelPath Active => ForcedPath ?? Best;

    /// <summary>Whether the current CPU runs <paramref name="path"/>.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => Vector128Ops.IsSupported,
        KernelPath.Vector256 => Vector256Ops.IsSupported,
        KernelPath.Vector512 => Vector512Ops.IsSupported,
        KernelPath.Gfni256 => Gfni256Ops.IsSupported,
        KernelPath.Gfni512 => Gfni512Ops.IsSupported,
        _ => false,
    };

    /// <summary>
    /// <c>out_j = (accumulate ? out_j : 0) XOR Σ_i coefficients[j·inputCount + i] · in_i</c> over
    /// <paramref name="length"/> bytes, for j &lt; <paramref name="outputCount"/>. Regions must not
    /// overlap; every pointer must address at least <paramref name="length"/> bytes.
    /// </summary>
    public static void DotProduct(byte** inputs, int inputCount, byte** outputs, int outputCount, byte* coefficients, nint length, bool accumulate)
    {
        switch (Active)
        {
            case KernelPath.Gfni512:
                Run<Gfni512Ops, Vector512<byte>, Vector512<byte>, Vector512<byte>>(inputs, inputCount, outputs, outputCount, coefficients, length, accumulate);
                break;
            case KernelPath.Gfni256:
                Run<Gfni256Ops, Vector256<byte>, Vector256<byte>, Vector256<byte>>(inputs, inputCount, outputs, outputCount, coefficients, length, accumulate);
                break;
            case KernelPath.Vector512:
                Run<Vector512Ops, Vector512<byte>, NibblePair<Vector512<byte>>, NibblePair<Vector512<byte>>>(inputs, inputCount, outputs, outputCount, coefficients, length, accumulate);
                break;
            case KernelPath.Vector256:
                Run<Vector256Ops, Vector256<byte>, NibblePair<Vector256<byte>>, NibblePair<Vector256<byte>>>(inputs, inputCount, outputs, outputCount, coefficients, length, accumulate);
                break;
            case KernelPath.Vector128:
                Run<Vector128Ops, Vector128<byte>, NibblePair<Vector128<byte>>, NibblePair<Vector128<byte>>>(inputs, inputCount, outputs, outputCount, coefficients, length, accumulate);
                break;
            default:
                ScalarDotProduct.Run(inputs, inputCount, outputs, outputCount, coefficients, inputCount, 0, length, accumulate);
                break;
        }
    }

    /// <summary>Region multiply-accumulate: <c>destination ^= coefficient · source</c>.</summary>
    public static void MultiplyAdd(byte coefficient, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"Source ({source.Length} bytes) and destination ({destination.Length} bytes) must be the same length.", nameof(destination));
        }

        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            byte* inputs = input;
            byte* outputs = output;
            DotProduct(&inputs, 1, &outputs, 1, &coefficient, source.Length, accumulate: true);
        }
    }

    private static void Run<TOps, TVector, TInput, TTable>(byte** inputs, int inputCount, byte** outputs, int outputCount, byte* coefficients, nint length, bool accumulate)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
    {
        bool streaming = length >= NonTemporalThreshold && AreAligned(outputs, outputCount, TOps.Size);
        if (outputCount <= OutputGroup.MaxCount)
        {
            RunGroup<TOps, TVector, TInput, TTable>(inputs, inputCount, outputs, outputCount, coefficients, 0, length, accumulate, streaming);
        }
        else
        {
            nint block = Math.Max(4096, (BlockBudgetBytes / inputCount) & ~4095);
            for (nint start = 0; start < length; start += block)
            {
                nint end = Math.Min(length, start + block);
                for (int first = 0; first < outputCount; first += OutputGroup.MaxCount)
                {
                    int count = Math.Min(OutputGroup.MaxCount, outputCount - first);
                    RunGroup<TOps, TVector, TInput, TTable>(inputs, inputCount, outputs + first, count, coefficients + (first * inputCount), start, end, accumulate, streaming);
                }
            }
        }

        if (streaming && Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    private static bool AreAligned(byte** outputs, int outputCount, int alignment)
    {
        for (int o = 0; o < outputCount; o++)
        {
            if (((nint)outputs[o] & (alignment - 1)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunGroup<TOps, TVector, TInput, TTable>(byte** inputs, int inputCount, byte** outputs, int count, byte* coefficients, nint start, nint end, bool accumulate, bool streaming)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
    {
        nint done = count switch
        {
            1 => VectorDotProduct.Run<TOps, TVector, TInput, TTable, OutputGroup.One>(inputs, inputCount, outputs, coefficients, inputCount, start, end, accumulate, streaming),
            2 => VectorDotProduct.Run<TOps, TVector, TInput, TTable, OutputGroup.Two>(inputs, inputCount, outputs, coefficients, inputCount, start, end, accumulate, streaming),
            3 => VectorDotProduct.Run<TOps, TVector, TInput, TTable, OutputGroup.Three>(inputs, inputCount, outputs, coefficients, inputCount, start, end, accumulate, streaming),
            _ => VectorDotProduct.Run<TOps, TVector, TInput, TTable, OutputGroup.Four>(inputs, inputCount, outputs, coefficients, inputCount, start, end, accumulate, streaming),
        };
        if (done < end)
        {
            ScalarDotProduct.Run(inputs, inputCount, outputs, count, coefficients, inputCount, done, end, accumulate);
        }
    }

    private static KernelPath DetectBest()
    {
        for (var path = KernelPath.Gfni512; path > KernelPath.Scalar; path--)
        {
            if (IsSupported(path))
            {
                return path;
            }
        }

        return KernelPath.Scalar;
    }
}
