using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Xunit.Abstractions;
using Zhtp.Storage.Content;
using Zhtp.Storage.S3.Tests.Support;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3.Tests;

/// <summary>
/// <c>aws s3 cp</c> of one file up and down through the gateway (multipart on, awscli's defaults: 8 MiB parts, 10
/// threads) against the same node's in-process content upload and download of that file. Not in the default run
/// (Category=Soak); scripts/s3-throughput.sh runs it. Size from ZHTP_S3_BENCH_MIB (default 256).
/// </summary>
[Trait("Category", "Soak")]
public sealed class S3ThroughputTests(ITestOutputHelper output)
{
    [Fact(Timeout = 1_800_000)]
    public async Task S3Throughput_AwsCpVersusInProcessContent()
    {
        int mib = int.TryParse(Environment.GetEnvironmentVariable("ZHTP_S3_BENCH_MIB"), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 256;
        string work = Directory.CreateTempSubdirectory("zhtp-s3-bench-").FullName;
        try
        {
            string source = Path.Combine(work, "source.bin");
            await using (var file = File.Create(source))
            {
                byte[] block = new byte[1 << 20];
                for (int i = 0; i < mib; i++)
                {
                    RandomNumberGenerator.Fill(block);
                    await file.WriteAsync(block);
                }
            }

            long bytes = (long)mib << 20;
            // Room for both copies (in-process and through the gateway) with their parity shards.
            var options = new ZhtpStorageOptions { DataDirectory = Path.Combine(work, "node"), Dht = new Types.DhtConfig { StorageQuotaBytes = 8 * bytes + (1L << 30) } };
            await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(options);
            await using IS3Gateway gateway = await ZhtpS3Gateway.StartAsync(system, new S3GatewayOptions());
            S3AccessKey key = gateway.CreateAccessKey();

            // In process: the same node, the content layer directly, file to file.
            var watch = Stopwatch.StartNew();
            ContentReceipt receipt;
            await using (FileStream input = File.OpenRead(source))
            {
                receipt = await system.UploadContentAsync(input);
            }

            double contentUp = bytes / watch.Elapsed.TotalSeconds / 1e6;
            watch.Restart();
            await using (FileStream copy = File.Create(Path.Combine(work, "content.out")))
            {
                await system.DownloadContentAsync(receipt.Id, copy);
            }

            double contentDown = bytes / watch.Elapsed.TotalSeconds / 1e6;

            // Through the gateway with awscli.
            string config = Path.Combine(work, "aws-config");
            await File.WriteAllTextAsync(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
            var env = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = key.AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = key.SecretAccessKey,
                ["AWS_CONFIG_FILE"] = config,
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work, "none"),
                ["AWS_MAX_ATTEMPTS"] = "1",
            };
            string endpoint = gateway.ServiceUrl.ToString().TrimEnd('/');
            async Task AwsAsync(params string[] arguments)
            {
                ClientProcess.Result result = await ClientProcess.RunAsync("/usr/bin/aws", ["--endpoint-url", endpoint, .. arguments], env, work, timeoutSeconds: 1200);
                Assert.True(result.ExitCode == 0, result.ToString());
            }

            await AwsAsync("s3", "mb", "s3://bench");
            watch.Restart();
            await AwsAsync("s3", "cp", source, "s3://bench/source.bin", "--only-show-errors");
            double s3Up = bytes / watch.Elapsed.TotalSeconds / 1e6;
            watch.Restart();
            await AwsAsync("s3", "cp", "s3://bench/source.bin", Path.Combine(work, "s3.out"), "--only-show-errors");
            double s3Down = bytes / watch.Elapsed.TotalSeconds / 1e6;
            Assert.Equal(new FileInfo(source).Length, new FileInfo(Path.Combine(work, "s3.out")).Length);

            string report = string.Create(CultureInfo.InvariantCulture,
                $"{mib} MiB: content upload {contentUp:F1} MB/s, aws s3 cp up {s3Up:F1} MB/s (ratio {s3Up / contentUp:F2}); content download {contentDown:F1} MB/s, aws s3 cp down {s3Down:F1} MB/s (ratio {s3Down / contentDown:F2}); multipart assembled while parts arrived: {((S3Gateway)gateway).Handler.AssembledUploads}, stored again at Complete: {((S3Gateway)gateway).Handler.AssemblyFallbacks}");
            output.WriteLine(report);
            Console.WriteLine(report);
            if (Environment.GetEnvironmentVariable("ZHTP_S3_BENCH_REPORT") is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, report + "\n");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
