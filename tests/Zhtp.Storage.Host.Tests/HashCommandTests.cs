using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp hash</c>, <c>zhtp --version</c> and <c>zhtp bench blake3</c>, run as a real process
/// (the built zhtp.dll) so that standard input, output, error and the exit code are the real ones.
/// Expected hashes come from the official BLAKE3 vectors and, when installed, from <c>b3sum</c>.
/// </summary>
public sealed class HashCommandTests : IDisposable
{
    private static readonly Lazy<VectorFile> Vectors = new(() => VectorFile.Load());
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-hash-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Hash_VectorFiles_PrintHexTwoSpacesName()
    {
        int[] lengths = [0, 1, 1023, 1024, 1025, 8193, 102400];
        string[] files = lengths.Select(VectorInputFile).ToArray();

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", .. files]);

        Assert.Equal(0, result.ExitCode);
        string[] expected = lengths.Select((n, i) => $"{Hex(Vectors.Value.Case(n).Hash, 32)}  {files[i]}").ToArray();
        Assert.Equal(expected, result.Lines);
    }

    [Fact]
    public async Task Hash_LengthOption_PrintsExtendedOutput()
    {
        string file = VectorInputFile(3072);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--length", "131", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{Hex(Vectors.Value.Case(3072).Hash, 131)}  {file}", Assert.Single(result.Lines));
    }

    [Fact]
    public async Task Hash_NoFileOrDash_ReadsStandardInput()
    {
        byte[] input = VectorInput(2049);
        string expected = Hex(Vectors.Value.Case(2049).Hash, 32);

        ProcessResult implicitStdin = await ZhtpProcess.RunZhtpAsync(["hash"], input);
        ProcessResult dash = await ZhtpProcess.RunZhtpAsync(["hash", "-"], input);

        Assert.Equal($"{expected}  -", Assert.Single(implicitStdin.Lines));
        Assert.Equal($"{expected}  -", Assert.Single(dash.Lines));
    }

    [Fact]
    public async Task Hash_KeyedWithKeyFile_MatchesKeyedVector()
    {
        string key = Path.Combine(_dir.FullName, "key.bin");
        await File.WriteAllBytesAsync(key, Encoding.ASCII.GetBytes(Vectors.Value.Key));
        string file = VectorInputFile(7168);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--keyed", "--key-file", key, "--no-names", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Hex(Vectors.Value.Case(7168).KeyedHash, 32), Assert.Single(result.Lines));
    }

    [Fact]
    public async Task Hash_KeyedKeyFromStandardInput_MatchesKeyedVector()
    {
        string file = VectorInputFile(1025);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--keyed", file], Encoding.ASCII.GetBytes(Vectors.Value.Key));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{Hex(Vectors.Value.Case(1025).KeyedHash, 32)}  {file}", Assert.Single(result.Lines));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public async Task Hash_KeyNot32Bytes_FailsNamingTheRequirement(int keyLength)
    {
        string file = VectorInputFile(10);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--keyed", file], new byte[keyLength]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("exactly 32 raw bytes", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public async Task Hash_DeriveKey_MatchesDeriveKeyVector()
    {
        string file = VectorInputFile(65);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--derive-key", Vectors.Value.Context, "--length", "131", "--no-names", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Hex(Vectors.Value.Case(65).DeriveKey, 131), Assert.Single(result.Lines));
    }

    [Fact]
    public async Task Hash_MissingFile_ReportsItOnStandardErrorContinuesAndExitsOne()
    {
        string missing = Path.Combine(_dir.FullName, "does-not-exist.bin");
        string present = VectorInputFile(64);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", missing, present]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("No such file", result.Error, StringComparison.Ordinal);
        Assert.Equal($"{Hex(Vectors.Value.Case(64).Hash, 32)}  {present}", Assert.Single(result.Lines));
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--length", "-5")]
    [InlineData("--length", "many")]
    public async Task Hash_BadOption_ExitsNonZeroWithMessage(params string[] options)
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", .. options, VectorInputFile(1)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEmpty(result.Error.Trim());
    }

    [Fact]
    public async Task Hash_KeyedAndDeriveKeyTogether_ExitsNonZero()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["hash", "--keyed", "--derive-key", "ctx", VectorInputFile(1)], new byte[32]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot be used together", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_RootOption_PrintsAssemblyVersion()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(result.Lines));
    }

    [Fact]
    public async Task BenchBlake3_Json_PrintsBothFiguresAndTheAnchorDigest()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bench", "blake3", "--json", "--seconds", "0.05"]);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(result.Lines));
        Assert.True(doc.RootElement.GetProperty("blake3_gbps").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("sha256_gbps").GetDouble() > 0);

        // The digest blake3_bench.js prints for its xorshift32 1 MiB input.
        Assert.Equal("0a43bacda2012d5c50bd6dacc5a259c6f1113d392cfbcea4163d3b6eb0b28471", doc.RootElement.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task BenchBlake3_SizeOption_MeasuresThatSizeAndRejectsZero()
    {
        ProcessResult small = await ZhtpProcess.RunZhtpAsync(["bench", "blake3", "--size", "1024", "--seconds", "0.05"]);
        ProcessResult zero = await ZhtpProcess.RunZhtpAsync(["bench", "blake3", "--size", "0", "--seconds", "0.05"]);

        Assert.Equal(0, small.ExitCode);
        Assert.StartsWith("zhtp blake3 bytes=1024 ", small.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("zhtp sha256 bytes=1024 ", small.Lines[1], StringComparison.Ordinal);
        Assert.NotEqual(0, zero.ExitCode);
        Assert.Contains("--size", zero.Error, StringComparison.Ordinal);
    }

    private static byte[] VectorInput(int length)
    {
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }

        return input;
    }

    private string VectorInputFile(int length)
    {
        string file = Path.Combine(_dir.FullName, $"vector-{length}.bin");
        File.WriteAllBytes(file, VectorInput(length));
        return file;
    }

    private static string Hex(string hex131, int bytes) => hex131[..(2 * bytes)];

    private sealed record VectorCase(int InputLength, string Hash, string KeyedHash, string DeriveKey);

    private sealed record VectorFile(string Key, string Context, IReadOnlyDictionary<int, VectorCase> Cases)
    {
        public VectorCase Case(int inputLength) => Cases[inputLength];

        /// <summary>Finds the repository above the test binaries, the working directory or this source file (for --artifacts-path builds).</summary>
        public static VectorFile Load([CallerFilePath] string sourceFile = "")
        {
            string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty];
            DirectoryInfo? dir = starts.Where(Directory.Exists)
                .SelectMany(start => Ancestors(new DirectoryInfo(start)))
                .FirstOrDefault(d => File.Exists(Path.Combine(d.FullName, "Zhtp.Storage.sln")));
            Assert.True(dir is not null, $"No directory containing Zhtp.Storage.sln above any of: {string.Join(", ", starts)}.");
            string path = Path.Combine(dir.FullName, "..", "shared", "vectors", "blake3", "test_vectors.json");
            Assert.True(File.Exists(path), $"The BLAKE3 test vectors are missing: expected {Path.GetFullPath(path)} (../shared/vectors next to the repository).");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var cases = doc.RootElement.GetProperty("cases").EnumerateArray()
                .Select(c => new VectorCase(
                    c.GetProperty("input_len").GetInt32(),
                    c.GetProperty("hash").GetString()!,
                    c.GetProperty("keyed_hash").GetString()!,
                    c.GetProperty("derive_key").GetString()!))
                .ToDictionary(c => c.InputLength);
            return new VectorFile(doc.RootElement.GetProperty("key").GetString()!, doc.RootElement.GetProperty("context_string").GetString()!, cases);
        }

        private static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? dir)
        {
            for (; dir is not null; dir = dir.Parent)
            {
                yield return dir;
            }
        }
    }
}

/// <summary>A fact that needs the <c>b3sum</c> tool (Debian package b3sum); skipped, saying so, when it is not installed.</summary>
internal sealed class B3sumFactAttribute : FactAttribute
{
    public B3sumFactAttribute()
    {
        if (Path is null)
        {
            Skip = "b3sum is not installed (apt-get install b3sum); the cross-check against the reference tool is skipped.";
        }
    }

    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "b3sum"))
        .FirstOrDefault(File.Exists);
}
