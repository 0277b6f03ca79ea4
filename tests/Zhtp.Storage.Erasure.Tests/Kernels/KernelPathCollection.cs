using Zhtp.Storage.Erasure.Kernels;

namespace Zhtp.Storage.Erasure.Tests.Kernels;

/// <summary>Tests that force a kernel path (a process-wide switch) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelPathCollection
{
    public const string Name = "Forced kernel path";

    /// <summary>Every path this CPU supports, as theory data.</summary>
    public static TheoryData<string> SupportedPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Enum.GetValues<KernelPath>())
        {
            if (GaloisKernels.IsSupported(path))
            {
                data.Add(path.ToString());
            }
        }

        return data;
    }
}

/// <summary>Forces a kernel path until disposed.</summary>
internal sealed class ForcedPathScope : IDisposable
{
    public ForcedPathScope(string path)
    {
        GaloisKernels.ForcedPath = Enum.Parse<KernelPath>(path);
    }

    public void Dispose() => GaloisKernels.ForcedPath = null;
}
