using Zhtp.Storage.Types;

namespace Zhtp.Storage.Types.Tests.Configuration;

public sealed class ConfigValidationTests
{
    [Fact]
    public void Defaults_MatchTheDesign_AndAreValid()
    {
        var config = new UnifiedStorageConfig();
        Assert.Empty(config.Validate());
        Assert.Equal(20, config.Dht.K);
        Assert.Equal(3, config.Dht.Alpha);
        Assert.Equal(4, config.Erasure.DataShards);
        Assert.Equal(2, config.Erasure.ParityShards);
        Assert.Equal(3, config.Economic.MinReplication);
        Assert.Equal(12, config.Economic.MaxReplication);
        Assert.Equal(100m, config.Economic.BasePricePerGbDay);
        Assert.Equal(1000, config.Economic.InitialReputation);
        config.EnsureValid();
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEveryOneAtOnce()
    {
        var config = new UnifiedStorageConfig
        {
            DataDirectory = "",
            Dht = new DhtConfig { K = 0, Alpha = 0, RequestTimeout = TimeSpan.Zero },
            Erasure = new ErasureConfig { DataShards = 200, ParityShards = 100 },
            Economic = new EconomicConfig { MinReplication = 5, MaxReplication = 4 },
        };

        var ex = Assert.Throws<ConfigurationException>(config.EnsureValid);
        Assert.Contains(ex.Errors, e => e.StartsWith("UnifiedStorageConfig.DataDirectory:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("UnifiedStorageConfig.Dht.K: must be between 1 and 256, was 0", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("UnifiedStorageConfig.Dht.Alpha:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("UnifiedStorageConfig.Dht.RequestTimeout:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("at most 256 (GF(2^8)), was 300", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("UnifiedStorageConfig.Economic.MinReplication:", StringComparison.Ordinal));
        Assert.Contains($"{ex.Errors.Count} problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DhtConfig_RepublishNotShorterThanTtl_IsRejected()
    {
        var errors = new DhtConfig { RecordTtl = TimeSpan.FromHours(1), RepublishInterval = TimeSpan.FromHours(2) }.Validate();
        Assert.Single(errors);
        Assert.Contains("RepublishInterval", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ContentConfig_UnknownEnum_IsRejected()
    {
        var errors = new ContentConfig { DefaultEncryption = (EncryptionLevel)9 }.Validate();
        Assert.Contains(errors, e => e.Contains("unknown encryption level 9", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidConfig_EnsureValid_DoesNotThrow()
    {
        new ErasureConfig { DataShards = 10, ParityShards = 4 }.EnsureValid();
        new DhtConfig { K = 8, Alpha = 2, DisjointPaths = 2 }.EnsureValid();
    }
}
