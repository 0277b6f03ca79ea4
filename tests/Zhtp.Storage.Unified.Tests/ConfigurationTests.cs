using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class ConfigurationTests
{
    [Fact(Timeout = 60_000)]
    public async Task InvalidConfiguration_HostRefusesToStart_AndListsEveryBadKey()
    {
        using var directory = new TempDirectory();
        string[] args =
        [
            "--Zhtp:DataDirectory=" + directory.Path,
            "--Zhtp:Port=70000",
            "--Zhtp:BindAddress=not-an-ip",
            "--Zhtp:Bootstrap:0=127.0.0.1:4000",
            "--Zhtp:Bootstrap:1=nonsense",
            "--Zhtp:SegmentSize=100",
            "--Zhtp:MaintenanceInterval=00:00:00",
            "--Zhtp:Dht:K=0",
            "--Zhtp:Content:MaxSegmentsInFlight=0",
            "--Zhtp:Erasure:DataShards=0",
            "--Logging:LogLevel:Default=None",
        ];

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GettingStartedSample.StartAsync(args));

        string[] keys = ["Zhtp:Port", "Zhtp:BindAddress", "Zhtp:Bootstrap:1", "Zhtp:SegmentSize", "Zhtp:MaintenanceInterval", "Zhtp:Dht:K", "Zhtp:Content:MaxSegmentsInFlight", "Zhtp:Erasure:DataShards"];
        foreach (string key in keys)
        {
            Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(error.Failures, f => f.StartsWith("Zhtp:Bootstrap:0", StringComparison.Ordinal));
        // K = 0 also makes the default DisjointPaths (1) exceed K: a real, named consequence.
        Assert.All(error.Failures, f => Assert.Contains(keys.Append("Zhtp:Dht:DisjointPaths"), k => f.StartsWith(k + ":", StringComparison.Ordinal)));

        // Nothing was opened: no lock, no key.
        Assert.False(File.Exists(Path.Combine(directory.Path, "zhtp.lock")));
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownKey_HostRefusesToStart_NamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GettingStartedSample.StartAsync(["--Zhtp:Prot=4000", "--Logging:LogLevel:Default=None"]));
        Assert.Contains("Prot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreValid_AndLoopbackWithEconomicsOff()
    {
        var options = new ZhtpStorageOptions();
        Assert.Empty(options.Validate());
        Assert.Equal("127.0.0.1", options.BindAddress);
        Assert.False(options.EconomicsEnabled);
    }

    [Fact]
    public void Options_EconomicsEnabled_IsValid_AndMarketKeysAreChecked()
    {
        Assert.Empty(new ZhtpStorageOptions { EconomicsEnabled = true, DevFaucetTokens = 1000m }.Validate());
        var bad = new ZhtpStorageOptions { EconomicsEnabled = true, DevFaucetTokens = -1m, ContractDuration = TimeSpan.FromHours(1), ContractTickInterval = TimeSpan.Zero };
        IReadOnlyList<string> errors = bad.Validate();
        Assert.Contains(errors, e => e.StartsWith("Zhtp:DevFaucetTokens:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Zhtp:ContractDuration:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Zhtp:ContractTickInterval:", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Factory_InvalidOptions_ThrowsConfigurationExceptionListingEveryField()
    {
        var options = new ZhtpStorageOptions { Port = -1, SegmentSize = 0, Dht = new DhtConfig { K = 0 } };
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => UnifiedStorageSystems.StartAsync(options));
        Assert.All(error.Errors, e => Assert.Matches("^Zhtp:(Port|SegmentSize|Dht:K|Dht:DisjointPaths):", e));
        Assert.Contains(error.Errors, e => e.StartsWith("Zhtp:Port:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Zhtp:SegmentSize:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Zhtp:Dht:K:", StringComparison.Ordinal));
    }
}
