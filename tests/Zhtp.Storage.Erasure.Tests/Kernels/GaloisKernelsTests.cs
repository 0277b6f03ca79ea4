using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;
using Zhtp.Storage.Erasure.Kernels;

namespace Zhtp.Storage.Erasure.Tests.Kernels;

[Collection(KernelPathCollection.Name)]
public sealed unsafe class GaloisKernelsTests
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 1000, 4096 + 13, 70_000];

    [Theory]
    [MemberData(nameof(KernelPathCollection.SupportedPaths), MemberType = typeof(KernelPathCollection))]
    public void DotProduct_RandomInputs_MatchesBytewiseReference(string path)
    {
        var random = new Random(42);
        using var scope = new ForcedPathScope(path);
        foreach (int inputs in new[] { 1, 2, 3, 4, 5, 10, 17 })
        {
            foreach (int outputs in new[] { 1, 2, 3, 4, 5, 6, 9 })
            {
                int length = Lengths[random.Next(Lengths.Length)];
                RunAndCompare(random, inputs, outputs, length, accumulate: false);
                RunAndCompare(random, inputs, outputs, length, accumulate: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelPathCollection.SupportedPaths), MemberType = typeof(KernelPathCollection))]
    public void DotProduct_EveryLength_MatchesBytewiseReference(string path)
    {
        var random = new Random(7);
        using var scope = new ForcedPathScope(path);
        foreach (int length in Lengths)
        {
            RunAndCompare(random, 4, 2, length, accumulate: false);
            RunAndCompare(random, 3, 4, length, accumulate: true);
        }
    }

    [Theory]
    [MemberData(nameof(KernelPathCollection.SupportedPaths), MemberType = typeof(KernelPathCollection))]
    public void MultiplyAdd_EveryConstant_XorsProductIntoDestination(string path)
    {
        var random = new Random(99);
        using var scope = new ForcedPathScope(path);
        var source = new byte[300];
        random.NextBytes(source);
        for (int c = 0; c < 256; c++)
        {
            var destination = new byte[source.Length];
            random.NextBytes(destination);
            var expected = (byte[])destination.Clone();
            for (int i = 0; i < source.Length; i++)
            {
                expected[i] ^= GaloisField.Mul((byte)c, source[i]);
            }

            GaloisKernels.MultiplyAdd((byte)c, source, destination);
            Assert.Equal(expected, destination);
        }
    }

    [Theory]
    [MemberData(nameof(KernelPathCollection.SupportedPaths), MemberType = typeof(KernelPathCollection))]
    public void DotProduct_NonTemporalStoresToAlignedOutputs_MatchesBytewiseReference(string path)
    {
        var random = new Random(11);
        using var scope = new ForcedPathScope(path);
        nint threshold = GaloisKernels.NonTemporalThreshold;
        GaloisKernels.NonTemporalThreshold = 0;
        const int length = 4096 + 64 + 17;
        byte* block = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(16 * 8192, 64);
        byte** inputs = stackalloc byte*[16];
        byte** outputs = stackalloc byte*[16];
        try
        {
            foreach (var (inputCount, outputCount) in new[] { (4, 2), (10, 4), (3, 7) })
            {
                var expected = new byte[outputCount][];
                var coefficients = RandomBytes(random, inputCount * outputCount);
                for (int i = 0; i < inputCount; i++)
                {
                    inputs[i] = block + (i * 8192) + 3;
                    random.NextBytes(new Span<byte>(inputs[i], length));
                }

                for (int o = 0; o < outputCount; o++)
                {
                    outputs[o] = block + ((inputCount + o) * 8192);
                    expected[o] = new byte[length];
                    for (int i = 0; i < inputCount; i++)
                    {
                        for (int p = 0; p < length; p++)
                        {
                            expected[o][p] ^= GaloisField.Mul(coefficients[(o * inputCount) + i], inputs[i][p]);
                        }
                    }
                }

                fixed (byte* c = coefficients)
                {
                    GaloisKernels.DotProduct(inputs, inputCount, outputs, outputCount, c, length, accumulate: false);
                }

                for (int o = 0; o < outputCount; o++)
                {
                    Assert.True(new ReadOnlySpan<byte>(outputs[o], length).SequenceEqual(expected[o]), $"output {o} of {inputCount}→{outputCount} on {path}");
                }
            }
        }
        finally
        {
            GaloisKernels.NonTemporalThreshold = threshold;
            System.Runtime.InteropServices.NativeMemory.AlignedFree(block);
        }
    }

    [Fact]
    public void AllSupportedPaths_SameRandomInput_ProduceIdenticalOutput()
    {
        var random = new Random(2024);
        int length = 10_000 + 7;
        var inputs = Enumerable.Range(0, 6).Select(_ => RandomBytes(random, length)).ToArray();
        var coefficients = RandomBytes(random, 6 * 5);
        byte[][]? first = null;
        foreach (var path in Enum.GetValues<KernelPath>().Where(GaloisKernels.IsSupported))
        {
            using var scope = new ForcedPathScope(path.ToString());
            var outputs = Enumerable.Range(0, 5).Select(_ => new byte[length]).ToArray();
            Run(inputs, outputs, coefficients, accumulate: false);
            if (first is null)
            {
                first = outputs;
            }
            else
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    Assert.True(first[o].AsSpan().SequenceEqual(outputs[o]), $"{path} differs from the scalar path in output {o}");
                }
            }
        }
    }

    [Fact]
    public void IsSupported_OnX86WithAvx2_ReportsEveryNibblePath()
    {
        Assert.True(GaloisKernels.IsSupported(KernelPath.Scalar));
        if (Avx2.IsSupported)
        {
            Assert.True(GaloisKernels.IsSupported(KernelPath.Vector128));
            Assert.True(GaloisKernels.IsSupported(KernelPath.Vector256));
            Assert.NotEqual(KernelPath.Scalar, GaloisKernels.Best);
        }
    }

    private static void RunAndCompare(Random random, int inputCount, int outputCount, int length, bool accumulate)
    {
        var inputs = Enumerable.Range(0, inputCount).Select(_ => RandomBytes(random, length)).ToArray();
        var coefficients = RandomBytes(random, inputCount * outputCount);
        coefficients[0] = 0;
        if (coefficients.Length > 1)
        {
            coefficients[1] = 1;
        }

        var outputs = Enumerable.Range(0, outputCount).Select(_ => RandomBytes(random, length)).ToArray();
        var expected = outputs.Select(o => accumulate ? (byte[])o.Clone() : new byte[length]).ToArray();
        for (int j = 0; j < outputCount; j++)
        {
            for (int i = 0; i < inputCount; i++)
            {
                byte c = coefficients[(j * inputCount) + i];
                for (int p = 0; p < length; p++)
                {
                    expected[j][p] ^= GaloisField.Mul(c, inputs[i][p]);
                }
            }
        }

        Run(inputs, outputs, coefficients, accumulate);
        for (int j = 0; j < outputCount; j++)
        {
            Assert.True(expected[j].AsSpan().SequenceEqual(outputs[j]), $"output {j} of {inputCount}→{outputCount}, {length} bytes, accumulate={accumulate}, path {GaloisKernels.Active}");
        }
    }

    private static void Run(byte[][] inputs, byte[][] outputs, byte[] coefficients, bool accumulate)
    {
        var inputHandles = inputs.Select(a => System.Runtime.InteropServices.GCHandle.Alloc(a, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        var outputHandles = outputs.Select(a => System.Runtime.InteropServices.GCHandle.Alloc(a, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        try
        {
            byte** inputPointers = stackalloc byte*[inputs.Length];
            byte** outputPointers = stackalloc byte*[outputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputPointers[i] = (byte*)inputHandles[i].AddrOfPinnedObject();
            }

            for (int o = 0; o < outputs.Length; o++)
            {
                outputPointers[o] = (byte*)outputHandles[o].AddrOfPinnedObject();
            }

            fixed (byte* c = coefficients)
            {
                GaloisKernels.DotProduct(inputPointers, inputs.Length, outputPointers, outputs.Length, c, inputs[0].Length, accumulate);
            }
        }
        finally
        {
            foreach (var handle in inputHandles.Concat(outputHandles))
            {
                handle.Free();
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
