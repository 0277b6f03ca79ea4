using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>The portable multiply-accumulate kernel: one product-table lookup per byte.</summary>
internal static unsafe class ScalarDotProduct
{
    private const int ChunkBytes = 8 * 1024;

    /// <summary>
    /// For each of <paramref name="outputCount"/> outputs, over bytes [start, end):
    /// <c>out_j = (accumulate ? out_j : 0) XOR Σ_i coefficients[j·stride + i] · in_i</c>.
    /// Works in chunks so the inputs stay in cache while every output reads them.
    /// </summary>
    public static void Run(byte** inputs, int inputCount, byte** outputs, int outputCount, byte* coefficients, int stride, nint start, nint end, bool accumulate)
    {
        for (nint chunk = start; chunk < end; chunk += ChunkBytes)
        {
            nint chunkEnd = Math.Min(end, chunk + ChunkBytes);
            for (int j = 0; j < outputCount; j++)
            {
                byte* output = outputs[j];
                for (int i = 0; i < inputCount; i++)
                {
                    byte* table = GaloisField.MulTable + (coefficients[(j * stride) + i] << 8);
                    byte* input = inputs[i];
                    if (i == 0 && !accumulate)
                    {
                        for (nint p = chunk; p < chunkEnd; p++)
                        {
                            output[p] = table[input[p]];
                        }
                    }
                    else
                    {
                        for (nint p = chunk; p < chunkEnd; p++)
                        {
                            output[p] ^= table[input[p]];
                        }
                    }
                }
            }
        }
    }
}
