using Amazon.Runtime;
using Amazon.S3;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3.Tests.Support;

/// <summary>One storage node with a data directory and its S3 gateway on 127.0.0.1, with two access keys (two identities); shared by the test classes of the "gateway" collection.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "zhtp-s3-tests-" + Guid.NewGuid().ToString("N"));

    public IUnifiedStorageSystem System { get; private set; } = null!;

    public IS3Gateway Gateway { get; private set; } = null!;

    public S3AccessKey Key { get; private set; } = null!;

    public S3AccessKey OtherKey { get; private set; } = null!;

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public async Task InitializeAsync()
    {
        var options = new ZhtpStorageOptions { DataDirectory = DataDirectory };
        System = await UnifiedStorageSystems.StartAsync(options, cancellationToken: Timeout());
        Gateway = await ZhtpS3Gateway.StartAsync(System, new S3GatewayOptions { MinPartSize = 1 << 20, VirtualHostDomain = "s3.localhost" }, cancellationToken: Timeout());

        // One key made offline (as `zhtp s3 key create` does, found by the running gateway on first use), one through the gateway.
        Key = S3AccessKeys.Create(DataDirectory);
        OtherKey = Gateway.CreateAccessKey();
    }

    public AmazonS3Client Client(S3AccessKey? key = null)
    {
        key ??= Key;
        var config = new AmazonS3Config
        {
            ServiceURL = Gateway.ServiceUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 0,
        };
        return new AmazonS3Client(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), config);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await System.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition("gateway")]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>;
