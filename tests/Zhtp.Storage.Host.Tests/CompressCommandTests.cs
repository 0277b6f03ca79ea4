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

        Lz4Process.Result compressed = await Lz4Process.RunZhtpAsync(["compress", "--linked", "--block-checksum"], input);
        Lz4Process.Result restored = await Lz4Process.RunZhtpAsync(["decompress"], compressed.Output);

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

        Lz4Process.Result result = await Lz4Process.RunZhtpAsync(["compress", source, "-o", frame, "-l", "9", "-B", "1048576", "--content-size"]);
        Lz4Process.Result lz4 = await Lz4Process.RunAsync(Lz4Process.Lz4, ["-d", "-q", "-f", frame, back], null);

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
        await Lz4Process.RunAsync(Lz4Process.Lz4, ["-q", "-f", "-BD", "-BX", source, source + ".lz4"], null);

        Lz4Process.Result result = await Lz4Process.RunZhtpAsync(["decompress", source + ".lz4"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.Output);
    }

    [Fact]
    public async Task Decompress_TruncatedFrame_ExitsOneWithMessage()
    {
        Lz4Process.Result compressed = await Lz4Process.RunZhtpAsync(["compress"], Input(100_000));

        Lz4Process.Result result = await Lz4Process.RunZhtpAsync(["decompress"], compressed.Output[..^10]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cut short", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compress_BadBlockSize_ExitsTwo()
    {
        Lz4Process.Result result = await Lz4Process.RunZhtpAsync(["compress", "-B", "1000"], Input(10));

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

/// <summary>Runs zhtp (the built zhtp.dll) or lz4 with binary standard input and output.</summary>
internal static class Lz4Process
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The lz4 command; fails the test with an install hint when it is missing.</summary>
    internal static string Lz4 =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "lz4"))
            .FirstOrDefault(File.Exists)
        ?? throw new Xunit.Sdk.XunitException("The reference lz4 command is not on PATH: install lz4 (apt-get install lz4).");

    internal static Task<Result> RunZhtpAsync(string[] args, byte[]? stdin = null)
    {
        string zhtp = Path.Combine(AppContext.BaseDirectory, "zhtp.dll");
        Assert.True(File.Exists(zhtp), $"zhtp.dll not found next to the tests at {zhtp}; build the test project (it references src/Host).");
        return RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [zhtp, .. args], stdin);
    }

    internal static async Task<Result> RunAsync(string program, string[] args, byte[]? stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var cts = new CancellationTokenSource(Timeout);
        var output = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, cts.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token);
            }
        }
        catch (IOException)
        {
            // The process may exit (for example on a bad option) before reading its input.
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }

        await copyOut;
        return new Result(process.ExitCode, output.ToArray(), await error);
    }

    internal sealed record Result(int ExitCode, byte[] Output, string Error)
    {
        internal string Text => System.Text.Encoding.UTF8.GetString(Output);
    }
}
