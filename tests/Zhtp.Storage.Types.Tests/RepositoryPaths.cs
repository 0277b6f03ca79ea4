using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Tests;

/// <summary>Where the repository and the shared vectors beside it are, for every test that reads them.</summary>
internal static class RepositoryPaths
{
    /// <summary>
    /// The repository root: the first directory holding Zhtp.Storage.sln above the test binaries
    /// (the normal build), the working directory, or this source file (builds with an
    /// --artifacts-path outside the repository).
    /// </summary>
    public static string Root { get; } = Find();

    /// <summary>A folder of the shared vectors: ../shared/vectors/<paramref name="name"/> beside the repository.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder is missing; the message names the path.</exception>
    public static string Vectors(string name)
    {
        string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "vectors", name));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"The test vectors folder {path} is missing: check out the shared folder beside the repository (../shared/vectors).");
    }

    private static string Find([CallerFilePath] string sourceFile = "")
    {
        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty];
        foreach (string start in starts.Where(Directory.Exists))
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Zhtp.Storage.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"No directory containing Zhtp.Storage.sln above any of: {string.Join(", ", starts)}; run the tests from a checkout of the repository.");
    }
}
