namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp hash</c> against two implementations that share no code with the <c>Blake3</c> NuGet
/// package it calls: <c>b3sum</c> (the reference Rust tool; Debian package b3sum) and npm
/// <c>@noble/hashes</c> (tools/blake3-node). Odd sizes around the chunk and block boundaries, odd
/// XOF lengths, keyed, derive-key and standard input.
/// </summary>
public sealed class HashCrossImplementationTests : IDisposable
{
    private static readonly int[] Lengths = [0, 1, 63, 64, 65, 1023, 1024, 1025, 2049, 8191, 8193, 65_537, (1 << 20) + 17];
    private static readonly int[] XofLengths = [1, 31, 33, 100, 131, 1000, 4097];
    private const string Context = "zhtp 2026-12-01 cross-check context ü";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-hash-x-");
    private readonly List<string> _files = [];
    private readonly byte[] _key = new byte[32];

    public HashCrossImplementationTests()
    {
        var random = new Random(1234);
        random.NextBytes(_key);
        foreach (int length in Lengths.Append(random.Next(1, 300_000)))
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            string file = Path.Combine(_dir.FullName, $"random-{length}.bin");
            File.WriteAllBytes(file, data);
            _files.Add(file);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    [B3sumFact]
    public async Task Hash_OddSizesAndXofLengths_MatchB3sum()
    {
        foreach (int xof in XofLengths)
        {
            await AssertSameAsync(["hash", "--length", $"{xof}", .. _files], B3sum(["--length", $"{xof}", .. _files]), $"--length {xof}");
        }
    }

    [B3sumFact]
    public async Task Hash_DeriveKeyKeyedAndStdin_MatchB3sum()
    {
        await AssertSameAsync(["hash", "--derive-key", Context, "--length", "77", .. _files], B3sum(["--derive-key", Context, "--length", "77", .. _files]), "--derive-key");

        string keyFile = Path.Combine(_dir.FullName, "key.bin");
        await File.WriteAllBytesAsync(keyFile, _key);
        ProcessResult ours = await ZhtpProcess.RunZhtpAsync(["hash", "--keyed", "--key-file", keyFile, "--length", "45", .. _files]);
        ProcessResult theirs = await ZhtpProcess.RunProgramAsync(B3sumFactAttribute.Path!, ["--keyed", "--length", "45", .. _files], _key);
        AssertSameLines(theirs, ours, "--keyed");

        byte[] stdin = await File.ReadAllBytesAsync(_files[^2]);
        ours = await ZhtpProcess.RunZhtpAsync(["hash", "--length", "99"], stdin);
        theirs = await ZhtpProcess.RunProgramAsync(B3sumFactAttribute.Path!, ["--length", "99", "-"], stdin);
        AssertSameLines(theirs, ours, "standard input");
    }

    [Fact]
    public async Task Hash_EveryMode_MatchesNobleHashes()
    {
        foreach (int xof in XofLengths)
        {
            await AssertSameAsync(["hash", "--length", $"{xof}", .. _files], NobleBlake3Tool.RunAsync(["--length", $"{xof}", .. _files], null), $"--length {xof}");
        }

        await AssertSameAsync(["hash", "--derive-key", Context, "--length", "77", .. _files], NobleBlake3Tool.RunAsync(["--derive-key", Context, "--length", "77", .. _files], null), "--derive-key");

        string keyFile = Path.Combine(_dir.FullName, "key.bin");
        await File.WriteAllBytesAsync(keyFile, _key);
        await AssertSameAsync(["hash", "--keyed", "--key-file", keyFile, "--length", "45", .. _files], NobleBlake3Tool.RunAsync(["--key-hex", Convert.ToHexString(_key), "--length", "45", .. _files], null), "--keyed");

        byte[] stdin = await File.ReadAllBytesAsync(_files[^2]);
        ProcessResult ours = await ZhtpProcess.RunZhtpAsync(["hash", "--length", "99"], stdin);
        AssertSameLines(await NobleBlake3Tool.RunAsync(["--length", "99", "-"], stdin), ours, "standard input");
    }

    private static Task<ProcessResult> B3sum(string[] args) => ZhtpProcess.RunProgramAsync(B3sumFactAttribute.Path!, args, null);

    private static async Task AssertSameAsync(string[] zhtpArgs, Task<ProcessResult> reference, string what)
    {
        ProcessResult ours = await ZhtpProcess.RunZhtpAsync(zhtpArgs);
        AssertSameLines(await reference, ours, what);
    }

    private static void AssertSameLines(ProcessResult reference, ProcessResult ours, string what)
    {
        Assert.True(reference.ExitCode == 0, $"the reference failed for {what}: {reference.Error}");
        Assert.True(ours.ExitCode == 0, $"zhtp hash failed for {what}: {ours.Error}");
        Assert.NotEmpty(reference.Lines);
        Assert.Equal(reference.Lines, ours.Lines);
    }
}
