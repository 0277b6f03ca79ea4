using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Types.Tests.Blake3;

/// <summary>Forces a BLAKE3 path on the current thread until disposed.</summary>
internal readonly struct Blake3PathScope : IDisposable
{
    private readonly Blake3Path _previous;

    public Blake3PathScope(Blake3Path path)
    {
        _previous = Blake3Simd.ForcedPath;
        Blake3Simd.ForcedPath = path;
    }

    public void Dispose() => Blake3Simd.ForcedPath = _previous;
}

/// <summary>A fact that is skipped, saying why, when the CPU lacks the path it tests.</summary>
internal sealed class PathFactAttribute : FactAttribute
{
    public PathFactAttribute(Blake3Path path)
    {
        if (!Blake3Simd.IsSupported(path))
        {
            Skip = $"This CPU lacks the instructions of the BLAKE3 {path} path; its tests run only on CPUs that have them.";
        }
    }
}
