using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp committee demo</c> as a real process: DKG among loopback nodes, threshold signature, verification.</summary>
public sealed class CommitteeCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task Demo_ThreeOfFive_PrintsAGroupKeyAndASignatureThatVerify()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["committee", "demo", "--members", "5", "--threshold", "3", "--message", "hello committee"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Text);
        Dictionary<string, string> lines = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(" = ", 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        Assert.Equal("valid", lines["verify"]);
        Assert.Equal("invalid", lines["verify_with_2_partials"]);
        Assert.Equal("1,2,3,4,5", lines["qualified"]);

        // Check the printed values independently of the command.
        PublicKey key = PublicKey.FromBytes(Convert.FromHexString(lines["group_public_key"]));
        Signature signature = Signature.FromBytes(Convert.FromHexString(lines["signature"]));
        Assert.True(Bls.Verify(key, "hello committee"u8, signature));
        Assert.False(Bls.Verify(key, "another message"u8, signature));
    }

    [Fact]
    public async Task Demo_ThresholdAboveMembers_ExitsTwo()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["committee", "demo", "--members", "3", "--threshold", "4"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--threshold", result.Error, StringComparison.Ordinal);
    }
}
