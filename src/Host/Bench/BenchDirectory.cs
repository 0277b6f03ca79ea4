namespace Zhtp.Storage.Host.Bench;

/// <summary>The temporary directory of a benchmark's node stores.</summary>
internal static class BenchDirectory
{
    /// <summary>A new path under the temporary directory (not created).</summary>
    public static string Create(string name) => Path.Combine(Path.GetTempPath(), $"zhtp-bench-{name}-{Guid.NewGuid():N}");

    /// <summary>Removes <paramref name="directory"/>; a leftover temporary directory is not worth failing a run for.</summary>
    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
