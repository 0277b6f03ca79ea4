using System.Diagnostics;
using System.Security.Cryptography;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp identity|put|get|ls|rm|share</c> run as real client processes against a six-node loopback cluster
/// (<see cref="LoopbackCluster"/>): the CLI joins as a DHT client and encrypts on its own side.
/// </summary>
public sealed class ContentCommandTests(LoopbackCluster cluster) : IClassFixture<LoopbackCluster>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zhtp-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task IdentityNewThenShow_PrintSameIdLast_AndExportDecodes()
    {
        (string home, string passphrase) = await NewIdentityAsync("alice");

        ProcessResult show = await ZhtpProcess.RunAsync("identity", "show", "--home", home);
        ProcessResult export = await ZhtpProcess.RunAsync("identity", "export", "--home", home, "-o", Path.Combine(_root, "alice.pub"));
        ProcessResult again = await ZhtpProcess.RunAsync("identity", "new", "--home", home, "--passphrase-file", passphrase);

        string id = File.ReadAllText(Path.Combine(_root, "alice.id"));
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Equal(id, show.Lines[^1]);
        Assert.Contains("kind Hybrid", show.Text, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Equal(id, Types.Identities.PublicIdentity.Decode(File.ReadAllBytes(Path.Combine(_root, "alice.pub"))).Id.ToString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task PutThenGet_WholeAndRange_BytesEqual_UnknownIdExits2()
    {
        (string home, string passphrase) = await NewIdentityAsync("owner");
        byte[] data = RandomNumberGenerator.GetBytes(700_000);
        string file = Path.Combine(_root, "data.bin");
        await File.WriteAllBytesAsync(file, data);

        ProcessResult put = await ZhtpProcess.RunAsync("put", file, "--bootstrap", cluster.Bootstrap, "--home", home, "--passphrase-file", passphrase, "--tag", "cli");
        Assert.True(put.ExitCode == 0, put.Error);
        string id = put.Lines[^1].Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Contains("put data.bin: ", put.Error, StringComparison.Ordinal);

        string whole = Path.Combine(_root, "whole.bin");
        string part = Path.Combine(_root, "part.bin");
        ProcessResult get = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", home, "--passphrase-file", passphrase, "-o", whole);
        ProcessResult range = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", home, "--passphrase-file", passphrase, "-o", part, "--range", "100000-299999");
        ProcessResult ls = await ZhtpProcess.RunAsync("ls", "--home", home, "--passphrase-file", passphrase);
        ProcessResult unknown = await ZhtpProcess.RunAsync("get", new string('0', 63) + "1", "--bootstrap", cluster.Bootstrap, "--home", home, "--passphrase-file", passphrase, "-o", Path.Combine(_root, "none.bin"));

        Assert.True(get.ExitCode == 0, get.Error);
        Assert.Equal(data, await File.ReadAllBytesAsync(whole));
        Assert.True(range.ExitCode == 0, range.Error);
        Assert.Equal(data.AsSpan(100_000, 200_000).ToArray(), await File.ReadAllBytesAsync(part));
        Assert.True(ls.ExitCode == 0, ls.Error);
        Assert.True(ls.Lines.Any(l => l.StartsWith(id, StringComparison.Ordinal) && l.EndsWith("data.bin", StringComparison.Ordinal)), ls.Text);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Single(unknown.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("zhtp get: not found", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_root, "none.bin")));
    }

    [Fact(Timeout = 240_000)]
    public async Task Share_ToPublishedIdentity_GranteeReads_StrangerExits3_AfterRevokeGranteeExits3()
    {
        (string owner, string ownerPass) = await NewIdentityAsync("owner");
        (string bob, string bobPass) = await NewIdentityAsync("bob");
        (string carol, string carolPass) = await NewIdentityAsync("carol");
        byte[] data = RandomNumberGenerator.GetBytes(50_000);
        string file = Path.Combine(_root, "shared.bin");
        await File.WriteAllBytesAsync(file, data);

        ProcessResult put = await ZhtpProcess.RunAsync("put", file, "--bootstrap", cluster.Bootstrap, "--home", owner, "--passphrase-file", ownerPass);
        Assert.True(put.ExitCode == 0, put.Error);
        string id = put.Lines[^1].Trim();
        ProcessResult publish = await ZhtpProcess.RunAsync("identity", "publish", "--bootstrap", cluster.Bootstrap, "--home", bob, "--passphrase-file", bobPass);
        Assert.True(publish.ExitCode == 0, publish.Error);
        string bobId = File.ReadAllText(Path.Combine(_root, "bob.id"));

        ProcessResult share = await ZhtpProcess.RunAsync("share", id, "--to", bobId, "--bootstrap", cluster.Bootstrap, "--home", owner, "--passphrase-file", ownerPass);
        ProcessResult bobGet = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", bob, "--passphrase-file", bobPass, "-o", Path.Combine(_root, "bob.bin"));
        ProcessResult carolGet = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", carol, "--passphrase-file", carolPass, "-o", Path.Combine(_root, "carol.bin"));
        ProcessResult carolRm = await ZhtpProcess.RunAsync("rm", id, "--bootstrap", cluster.Bootstrap, "--home", carol, "--passphrase-file", carolPass);
        ProcessResult revoke = await ZhtpProcess.RunAsync("revoke", id, "--from", bobId, "--bootstrap", cluster.Bootstrap, "--home", owner, "--passphrase-file", ownerPass);
        ProcessResult bobAfter = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", bob, "--passphrase-file", bobPass, "-o", Path.Combine(_root, "bob-after.bin"));
        ProcessResult ownerAfter = await ZhtpProcess.RunAsync("get", id, "--bootstrap", cluster.Bootstrap, "--home", owner, "--passphrase-file", ownerPass, "-o", Path.Combine(_root, "owner-after.bin"));

        Assert.True(share.ExitCode == 0, share.Error);
        Assert.True(bobGet.ExitCode == 0, bobGet.Error);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, "bob.bin")));
        Assert.Equal(3, carolGet.ExitCode);
        Assert.Contains("zhtp get: access denied", carolGet.Error, StringComparison.Ordinal);
        Assert.Equal(3, carolRm.ExitCode);
        Assert.True(revoke.ExitCode == 0, revoke.Error);
        Assert.Equal("2", revoke.Lines[^1].Trim());
        Assert.Equal(3, bobAfter.ExitCode);
        Assert.True(ownerAfter.ExitCode == 0, ownerAfter.Error);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, "owner-after.bin")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Put_MissingFile_Exits1WithMessage()
    {
        (string home, string passphrase) = await NewIdentityAsync("missing");

        ProcessResult put = await ZhtpProcess.RunAsync("put", Path.Combine(_root, "no-such-file"), "--bootstrap", cluster.Bootstrap, "--home", home, "--passphrase-file", passphrase);

        Assert.Equal(1, put.ExitCode);
        Assert.StartsWith("zhtp put: no such file: ", put.Error, StringComparison.Ordinal);
        Assert.Empty(put.Output);
    }

    [Fact(Timeout = 90_000)]
    public async Task Put_BootstrapToClosedPort_FailsWithinBoundedTime()
    {
        (string home, string passphrase) = await NewIdentityAsync("lonely");
        string file = Path.Combine(_root, "x.bin");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var clock = Stopwatch.StartNew();
        ProcessResult put = await ZhtpProcess.RunAsync("put", file, "--bootstrap", "127.0.0.1:9", "--home", home, "--passphrase-file", passphrase);
        clock.Stop();

        Assert.Equal(1, put.ExitCode);
        Assert.Contains("no bootstrap node answered", put.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Get_NoIdentityInHome_Exits1WithHint()
    {
        ProcessResult get = await ZhtpProcess.RunAsync("ls", "--home", Path.Combine(_root, "empty"), "--passphrase-file", "/dev/null");

        Assert.Equal(1, get.ExitCode);
        Assert.Contains("zhtp ls: no passphrase", get.Error, StringComparison.Ordinal);
    }

    private async Task<(string Home, string PassphraseFile)> NewIdentityAsync(string name)
    {
        Directory.CreateDirectory(_root);
        string home = Path.Combine(_root, name);
        string passphrase = Path.Combine(_root, name + ".pass");
        await File.WriteAllTextAsync(passphrase, "correct horse " + name + "\n");
        ProcessResult created = await ZhtpProcess.RunAsync("identity", "new", "--home", home, "--passphrase-file", passphrase);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Matches("^[0-9a-f]{64}$", created.Lines[^1]);
        await File.WriteAllTextAsync(Path.Combine(_root, name + ".id"), created.Lines[^1]);
        return (home, passphrase);
    }
}
