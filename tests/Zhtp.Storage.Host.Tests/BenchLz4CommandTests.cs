using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp bench lz4</c> as a real process, briefly (0.05 s per figure).</summary>
public sealed class BenchLz4CommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-bench-lz4-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task BenchLz4_Json_PrintsRatesAndRatio()
    {
        string file = await CorpusFileAsync();

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bench", "lz4", file, "--json", "--seconds", "0.05"]);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Text);
        Assert.True(json.RootElement.GetProperty("compress_mbps").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("decompress_mbps").GetDouble() > 0);
        double ratio = json.RootElement.GetProperty("ratio").GetDouble();
        Assert.InRange(ratio, 1.2, 10);
        Assert.Equal(3, json.RootElement.GetProperty("blocks").GetArrayLength());
    }

    [Fact]
    public async Task BenchLz4_Text_PrintsAnchorLinePerBlockSize()
    {
        string file = await CorpusFileAsync();

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bench", "lz4", file, "--seconds", "0.05", "--block", "65536", "0"]);

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("zhtp lz4 block=65536 in=400000 out=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("zhtp lz4 block=400000 ", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Contains(" best_decompress_MBps=", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BenchLz4_MissingFile_ExitsTwo()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bench", "lz4", Path.Combine(_dir.FullName, "none.bin")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> CorpusFileAsync()
    {
        var random = new Random(5);
        var bytes = new byte[400_000];
        random.NextBytes(bytes.AsSpan(200_000));
        for (int i = 0; i < 200_000; i++)
        {
            bytes[i] = (byte)"the kademlia bucket refresh "[i % 28];
        }

        string file = Path.Combine(_dir.FullName, "corpus.bin");
        await File.WriteAllBytesAsync(file, bytes);
        return file;
    }
}
