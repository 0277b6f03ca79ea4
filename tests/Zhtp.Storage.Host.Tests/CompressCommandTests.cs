using System.Diagnostics;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp compress</c> and <c>zhtp decompress</c> as real processes (binary stdin/stdout), and
/// their frames against the reference <c>lz4</c> command (Debian package lz4).
/// </summary>
public sealed class CompressCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-lz4-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Compress_StdinToStdout_DecompressRestoresInput()
    {
        byte[] input = Input(300_000);

        ProcessResult compressed = await ZhtpProcess.RunZhtpAsync(["compress", "--linked", "--block-checksum"], input);
        ProcessResult restored = await ZhtpProcess.RunZhtpAsync(["decompress"], compressed.Output);

        Assert.Equal(0, compressed.ExitCode);
        Assert.Equal(0x184D2204u, BitConverter.ToUInt32(compressed.Output, 0));
        Assert.True(compressed.Output.Length < input.Length);
        Assert.Equal(0, restored.ExitCode);
        Assert.Equal(input, restored.Output);
    }

    [Fact]
    public async Task Compress_FileWithContentSize_Lz4DecompressesIt()
    {
        byte[] input = Input(1_500_000);
        string source = Path.Combine(_dir.FullName, "in.bin");
        string frame = Path.Combine(_dir.FullName, "in.bin.lz4");
        string back = Path.Combine(_dir.FullName, "back.bin");
        await File.WriteAllBytesAsync(source, input);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["compress", source, "-o", frame, "-l", "9", "-B", "1048576", "--content-size"]);
        ProcessResult lz4 = await ZhtpProcess.RunProgramAsync(Lz4Tool.Path, ["-d", "-q", "-f", frame, back], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, lz4.ExitCode);
        Assert.Equal(input, await File.ReadAllBytesAsync(back));
    }

    [Fact]
    public async Task Decompress_Lz4CliFrame_RestoresInput()
    {
        byte[] input = Input(700_000);
        string source = Path.Combine(_dir.FullName, "in.bin");
        await File.WriteAllBytesAsync(source, input);
        await ZhtpProcess.RunProgramAsync(Lz4Tool.Path, ["-q", "-f", "-BD", "-BX", source, source + ".lz4"], null);

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["decompress", source + ".lz4"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.Output);
    }

    [Fact]
    public async Task Decompress_TruncatedFrame_ExitsOneWithMessage()
    {
        ProcessResult compressed = await ZhtpProcess.RunZhtpAsync(["compress"], Input(100_000));

        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["decompress"], compressed.Output[..^10]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cut short", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compress_BadBlockSize_ExitsTwo()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["compress", "-B", "1000"], Input(10));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--block-size", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Half text-like, half random: compressible but not trivially.</summary>
    private static byte[] Input(int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (int i = 0; i < length / 2; i++)
        {
            bytes[i] = (byte)"zhtp storage shard "[i % 19];
        }

        return bytes;
    }
}

/// <summary>The reference lz4 command.</summary>
internal static class Lz4Tool
{
    /// <summary>The lz4 command's path; fails the test with an install hint when it is missing.</summary>
    internal static string Path =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
            .Select(dir => System.IO.Path.Combine(dir, "lz4"))
            .FirstOrDefault(File.Exists)
        ?? throw new Xunit.Sdk.XunitException("The reference lz4 command is not on PATH: install lz4 (apt-get install lz4).");
}
