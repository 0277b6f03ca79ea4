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
/// threads) against the same node's in-process content upload and download of that file, both paths warmed up first and
/// the S3 run bracketed by two content runs (compared with their mean). Not in the default run
/// (Category=Soak); scripts/s3-throughput.sh runs it. Size from ZHTP_S3_BENCH_MIB (default 256).
/// </summary>
[Trait("Category", "Soak")]
public sealed class S3ThroughputTests(ITestOutputHelper output)
{
    private readonly record struct Round(double Up, double Down, Usage UpCpu, Usage DownCpu, double UpJit = 0, double DownJit = 0, long UpMethods = 0, long DownMethods = 0);

    /// <summary>Per GiB moved: CPU-seconds of this process and of awscli, and GiB read and written through read/write calls by this process and its reaped children (awscli); socket send/receive calls are not counted.</summary>
    private readonly record struct Usage(double Self, double Children, double Read, double Written)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Self:F1} CPU-s (read {Read:F1} GiB, written {Written:F1} GiB)");
    }

    /// <summary>CPU time of this process and of its reaped children (awscli) from /proc/self/stat, in seconds; bytes through read and write calls from /proc/self/io.</summary>
    private readonly record struct CpuTimes(double Self, double Children, long Read, long Written)
    {
        public static CpuTimes Now()
        {
            // Fields after the command's closing parenthesis: utime, stime, cutime, cstime are the 12th to 15th.
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture) / 100.0; // USER_HZ is 100 on Linux
            Dictionary<string, long> io = File.ReadAllLines("/proc/self/io").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            return new CpuTimes(Ticks(11) + Ticks(12), Ticks(13) + Ticks(14), io["rchar"], io["wchar"]);
        }

        public static CpuTimes operator -(CpuTimes a, CpuTimes b) => new(a.Self - b.Self, a.Children - b.Children, a.Read - b.Read, a.Written - b.Written);

        public Usage PerGiB(long bytes) => new(Self * (1L << 30) / bytes, Children * (1L << 30) / bytes, (double)Read / bytes, (double)Written / bytes);
    }

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
            // Room for the three copies (two in-process, one through the gateway) with their parity shards.
            var options = new ZhtpStorageOptions { DataDirectory = Path.Combine(work, "node"), Dht = new Types.DhtConfig { StorageQuotaBytes = 8 * bytes + (1L << 30) } };
            await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(options);
            await using IS3Gateway gateway = await ZhtpS3Gateway.StartAsync(system, new S3GatewayOptions());
            S3AccessKey key = gateway.CreateAccessKey();

            // awscli against the gateway.
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

            // In process: the same node, the content layer directly, file to file. Returns MB/s up and down and this
            // process's CPU-seconds per GiB for each.
            async Task<Round> ContentRoundAsync(string file, long length)
            {
                var watch = Stopwatch.StartNew();
                CpuTimes cpu = CpuTimes.Now();
                ContentReceipt receipt;
                await using (FileStream input = File.OpenRead(file))
                {
                    receipt = await system.UploadContentAsync(input);
                }

                double up = length / watch.Elapsed.TotalSeconds / 1e6;
                CpuTimes between = CpuTimes.Now();
                watch.Restart();
                await using (FileStream copy = File.Create(Path.Combine(work, "content.out")))
                {
                    await system.DownloadContentAsync(receipt.Id, copy);
                }

                double down = length / watch.Elapsed.TotalSeconds / 1e6;
                CpuTimes end = CpuTimes.Now();
                return new Round(up, down, (between - cpu).PerGiB(length), (end - between).PerGiB(length));
            }

            // Through the gateway: MB/s up and down, and the CPU-seconds per GiB of this process (gateway and node) and
            // of awscli (the children this process waited for) for each.
            async Task<Round> S3RoundAsync(string file, long length, string name)
            {
                var watch = Stopwatch.StartNew();
                CpuTimes cpu = CpuTimes.Now();
                TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
                long methods = System.Runtime.JitInfo.GetCompiledMethodCount();
                await AwsAsync("s3", "cp", file, $"s3://bench/{name}", "--only-show-errors");
                double up = length / watch.Elapsed.TotalSeconds / 1e6;
                CpuTimes between = CpuTimes.Now();
                TimeSpan jitBetween = System.Runtime.JitInfo.GetCompilationTime();
                long methodsBetween = System.Runtime.JitInfo.GetCompiledMethodCount();
                watch.Restart();
                await AwsAsync("s3", "cp", $"s3://bench/{name}", Path.Combine(work, "s3.out"), "--only-show-errors");
                double down = length / watch.Elapsed.TotalSeconds / 1e6;
                CpuTimes end = CpuTimes.Now();
                TimeSpan jitEnd = System.Runtime.JitInfo.GetCompilationTime();
                long methodsEnd = System.Runtime.JitInfo.GetCompiledMethodCount();
                Assert.Equal(length, new FileInfo(Path.Combine(work, "s3.out")).Length);
                return new Round(up, down, (between - cpu).PerGiB(length), (end - between).PerGiB(length), (jitBetween - jit).TotalSeconds, (jitEnd - jitBetween).TotalSeconds, methodsBetween - methods, methodsEnd - methodsBetween);
            }

            // Warm-up of both paths on a 32 MiB prefix (JIT tiering, connection pools), so neither timed run pays it;
            // then content, S3, content: the S3 run is compared with the mean of the two content runs around it, so
            // neither path is favoured by coming first (an emptier store, a cooler page cache).
            int warmMib = Math.Min(mib, 32);
            string warm = Path.Combine(work, "warm.bin");
            await using (FileStream from = File.OpenRead(source))
            await using (FileStream to = File.Create(warm))
            {
                byte[] block = new byte[1 << 20];
                for (int i = 0; i < warmMib; i++)
                {
                    await from.ReadExactlyAsync(block);
                    await to.WriteAsync(block);
                }
            }

            await AwsAsync("s3", "mb", "s3://bench");

            // One round of each left the S3 path mid-tiering: 1,151 methods (1.85 s of JIT) were compiled inside a timed
            // 256 MiB S3 upload and 1,345 inside its download. Rounds go on until one compiles at most 50 methods (at
            // most 8), each followed by a wait until the JIT has compiled nothing for 300 ms (at most 3 s), as
            // `zhtp bench content` does: the timed runs measure the paths, not the JIT.
            for (int round = 0; round < 8; round++)
            {
                long before = System.Runtime.JitInfo.GetCompiledMethodCount();
                await ContentRoundAsync(warm, (long)warmMib << 20);
                await S3RoundAsync(warm, (long)warmMib << 20, "warm.bin");
                await WaitForJitQuietAsync();
                if (System.Runtime.JitInfo.GetCompiledMethodCount() - before <= 50)
                {
                    break;
                }
            }

            Round content1 = await ContentRoundAsync(source, bytes);
            Round s3 = await S3RoundAsync(source, bytes, "source.bin");
            Round content2 = await ContentRoundAsync(source, bytes);
            double contentUp = (content1.Up + content2.Up) / 2, contentDown = (content1.Down + content2.Down) / 2;
            string Cpu(Round a, Round b, bool up) => up ? $"{a.UpCpu} / {b.UpCpu}" : $"{a.DownCpu} / {b.DownCpu}";

            string report = string.Create(CultureInfo.InvariantCulture,
                $"{mib} MiB: content upload {contentUp:F1} MB/s (runs before and after the S3 one: {content1.Up:F1}, {content2.Up:F1}), aws s3 cp up {s3.Up:F1} MB/s (ratio {s3.Up / contentUp:F2}); content download {contentDown:F1} MB/s ({content1.Down:F1}, {content2.Down:F1}), aws s3 cp down {s3.Down:F1} MB/s (ratio {s3.Down / contentDown:F2}); multipart assembled while parts arrived: {((S3Gateway)gateway).Handler.AssembledUploads}, stored again at Complete: {((S3Gateway)gateway).Handler.AssemblyFallbacks}, part files read back: {((S3Gateway)gateway).Handler.PartFilesRead}\n" +
                $"per GiB (GiB through read/write calls count awscli's too, once it exited): content up {Cpu(content1, content2, up: true)}; S3 up gateway {s3.UpCpu} + awscli {s3.UpCpu.Children:F1} CPU-s (JIT inside it {s3.UpJit:F2} s, {s3.UpMethods} methods); content down {Cpu(content1, content2, up: false)}; S3 down gateway {s3.DownCpu} + awscli {s3.DownCpu.Children:F1} CPU-s (JIT inside it {s3.DownJit:F2} s, {s3.DownMethods} methods)");
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

    /// <summary>Waits until the JIT has compiled nothing for 300 ms (tiering promotions drained), at most 3 s.</summary>
    private static async Task WaitForJitQuietAsync()
    {
        var limit = Stopwatch.StartNew();
        long count = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (limit.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(300);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }
}
