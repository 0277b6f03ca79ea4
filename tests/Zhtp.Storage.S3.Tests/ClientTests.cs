using System.Globalization;
using System.Security.Cryptography;
using Zhtp.Storage.S3.Tests.Support;

namespace Zhtp.Storage.S3.Tests;

/// <summary>
/// The Debian S3 clients against the gateway on 127.0.0.1, each configured through environment variables and temporary
/// files only: awscli 2 (s3 cp/ls/sync/rm, s3api multipart, presign), boto3, rclone (copy, sync, check with MD5) and s3cmd.
/// </summary>
[Collection("gateway")]
[Trait("Category", "Clients")]
public sealed class ClientTests(GatewayFixture fixture) : IDisposable
{
    private const string Aws = "/usr/bin/aws";
    private const string Python = "/usr/bin/python3";
    private const string Rclone = "/usr/bin/rclone";
    private const string S3cmd = "/usr/bin/s3cmd";

    private readonly string _work = Directory.CreateTempSubdirectory("zhtp-s3-clients-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string NewBucket(string client) => client + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A folder of files: small ones, a nested one, and one of 12 MiB (multipart at a 5 MiB threshold).</summary>
    private string MakeTree(string name)
    {
        string root = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.Combine(root, "nested", "deeper"));
        File.WriteAllBytes(Path.Combine(root, "small.txt"), "hello from zhtp\n"u8.ToArray());
        File.WriteAllBytes(Path.Combine(root, "nested", "a.bin"), RandomNumberGenerator.GetBytes(70_000));
        File.WriteAllBytes(Path.Combine(root, "nested", "deeper", "b b.bin"), RandomNumberGenerator.GetBytes(1_000));
        File.WriteAllBytes(Path.Combine(root, "big.bin"), RandomNumberGenerator.GetBytes(12 << 20));
        return root;
    }

    private static void AssertSameTree(string expected, string actual)
    {
        string[] files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal).ToArray();
        string[] copies = Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, copies);
        foreach (string file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
        }
    }

    private Dictionary<string, string> AwsEnvironment()
    {
        string config = Path.Combine(_work, "aws-config");
        File.WriteAllText(config, "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n");
        return new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = fixture.Key.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = fixture.Key.SecretAccessKey,
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_work, "aws-credentials-none"),
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_PAGER"] = "",
        };
    }

    private async Task<string> AwsAsync(Dictionary<string, string> env, params string[] arguments)
    {
        ClientProcess.Result result = await ClientProcess.RunAsync(Aws, ["--endpoint-url", fixture.Gateway.ServiceUrl.ToString().TrimEnd('/'), .. arguments], env, _work);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)}: {result}");
        return result.Output;
    }

    [Fact(Timeout = 180_000)]
    public async Task AwsCli_CpLsSyncRm_S3apiMultipart_Presign()
    {
        Dictionary<string, string> env = AwsEnvironment();
        string bucket = NewBucket("awscli");
        string tree = MakeTree("aws-src");
        await AwsAsync(env, "s3", "mb", $"s3://{bucket}");
        await AwsAsync(env, "s3", "cp", Path.Combine(tree, "big.bin"), $"s3://{bucket}/one/big.bin");
        string listing = await AwsAsync(env, "s3", "ls", $"s3://{bucket}/one/");
        Assert.Contains((12 << 20).ToString(CultureInfo.InvariantCulture) + " big.bin", listing);
        await AwsAsync(env, "s3", "cp", $"s3://{bucket}/one/big.bin", Path.Combine(_work, "big.copy"));
        Assert.True(File.ReadAllBytes(Path.Combine(tree, "big.bin")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_work, "big.copy"))));

        await AwsAsync(env, "s3", "sync", tree, $"s3://{bucket}/tree/");
        string back = Path.Combine(_work, "aws-back");
        await AwsAsync(env, "s3", "sync", $"s3://{bucket}/tree/", back);
        AssertSameTree(tree, back);
        string second = await AwsAsync(env, "s3", "sync", tree, $"s3://{bucket}/tree/");
        Assert.DoesNotContain("upload:", second); // nothing changed: sizes and times match

        // s3api multipart by hand.
        string part1 = Path.Combine(_work, "part1"), part2 = Path.Combine(_work, "part2");
        File.WriteAllBytes(part1, RandomNumberGenerator.GetBytes(5 << 20));
        File.WriteAllBytes(part2, RandomNumberGenerator.GetBytes(1000));
        string created = await AwsAsync(env, "s3api", "create-multipart-upload", "--bucket", bucket, "--key", "manual", "--query", "UploadId", "--output", "text");
        string uploadId = created.Trim();
        string e1 = (await AwsAsync(env, "s3api", "upload-part", "--bucket", bucket, "--key", "manual", "--upload-id", uploadId, "--part-number", "1", "--body", part1, "--query", "ETag", "--output", "text")).Trim();
        string e2 = (await AwsAsync(env, "s3api", "upload-part", "--bucket", bucket, "--key", "manual", "--upload-id", uploadId, "--part-number", "2", "--body", part2, "--query", "ETag", "--output", "text")).Trim();
        string parts = await AwsAsync(env, "s3api", "list-parts", "--bucket", bucket, "--key", "manual", "--upload-id", uploadId, "--query", "length(Parts)", "--output", "text");
        Assert.Equal("2", parts.Trim());
        string layout = Path.Combine(_work, "parts.json");
        File.WriteAllText(layout, $$"""{"Parts":[{"PartNumber":1,"ETag":{{e1}}},{"PartNumber":2,"ETag":{{e2}}}]}""".Replace("{{", "{", StringComparison.Ordinal));
        string etag = await AwsAsync(env, "s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "manual", "--upload-id", uploadId, "--multipart-upload", "file://" + layout, "--query", "ETag", "--output", "text");
        byte[] md5s = [.. MD5.HashData(File.ReadAllBytes(part1)), .. MD5.HashData(File.ReadAllBytes(part2))];
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(md5s)) + "-2\"", etag.Trim());

        string url = (await AwsAsync(env, "s3", "presign", $"s3://{bucket}/tree/small.txt", "--expires-in", "300")).Trim();
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            Assert.Equal("hello from zhtp\n", await http.GetStringAsync(new Uri(url)));
        }

        await AwsAsync(env, "s3", "rm", $"s3://{bucket}/one/big.bin");
        await AwsAsync(env, "s3", "rm", $"s3://{bucket}/", "--recursive");
        string empty = await AwsAsync(env, "s3", "ls", $"s3://{bucket}/", "--recursive");
        Assert.Equal("", empty.Trim());
        await AwsAsync(env, "s3", "rb", $"s3://{bucket}");
    }

    [Fact(Timeout = 180_000)]
    public async Task Boto3_Script()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "clients", "boto3_check.py");
        ClientProcess.Result result = await ClientProcess.RunAsync(Python, [script], new Dictionary<string, string>
        {
            ["ZHTP_S3_ENDPOINT"] = fixture.Gateway.ServiceUrl.ToString().TrimEnd('/'),
            ["ZHTP_S3_KEY"] = fixture.Key.AccessKeyId,
            ["ZHTP_S3_SECRET"] = fixture.Key.SecretAccessKey,
            ["ZHTP_S3_BUCKET"] = NewBucket("boto3"),
        }, _work);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("boto3 OK", result.Output);
    }

    [Fact(Timeout = 180_000)]
    public async Task Rclone_CopySyncCheck_WithMd5()
    {
        var env = new Dictionary<string, string>
        {
            ["RCLONE_CONFIG"] = Path.Combine(_work, "rclone.conf"),
            ["RCLONE_CONFIG_ZHTP_TYPE"] = "s3",
            ["RCLONE_CONFIG_ZHTP_PROVIDER"] = "Other",
            ["RCLONE_CONFIG_ZHTP_ACCESS_KEY_ID"] = fixture.Key.AccessKeyId,
            ["RCLONE_CONFIG_ZHTP_SECRET_ACCESS_KEY"] = fixture.Key.SecretAccessKey,
            ["RCLONE_CONFIG_ZHTP_ENDPOINT"] = fixture.Gateway.ServiceUrl.ToString().TrimEnd('/'),
            ["RCLONE_CONFIG_ZHTP_REGION"] = "us-east-1",
            ["RCLONE_CONFIG_ZHTP_FORCE_PATH_STYLE"] = "true",
            ["RCLONE_S3_UPLOAD_CUTOFF"] = "5M",
            ["RCLONE_S3_CHUNK_SIZE"] = "5M",
            ["RCLONE_LOW_LEVEL_RETRIES"] = "1",
            ["RCLONE_RETRIES"] = "1",
        };
        File.WriteAllText(env["RCLONE_CONFIG"], "");
        string bucket = NewBucket("rclone");
        string tree = MakeTree("rclone-src");
        async Task<string> RunAsync(params string[] arguments)
        {
            ClientProcess.Result result = await ClientProcess.RunAsync(Rclone, arguments, env, _work);
            Assert.True(result.ExitCode == 0, $"rclone {string.Join(' ', arguments)}: {result}");
            return result.Output + result.Error;
        }

        await RunAsync("mkdir", $"zhtp:{bucket}");
        await RunAsync("copy", tree, $"zhtp:{bucket}/copy");
        await RunAsync("check", tree, $"zhtp:{bucket}/copy"); // sizes and MD5 hashes (multipart objects carry rclone's md5 metadata)
        File.WriteAllText(Path.Combine(tree, "small.txt"), "changed\n");
        File.Delete(Path.Combine(tree, "nested", "a.bin"));
        await RunAsync("sync", tree, $"zhtp:{bucket}/copy");
        await RunAsync("check", tree, $"zhtp:{bucket}/copy");
        string back = Path.Combine(_work, "rclone-back");
        await RunAsync("copy", $"zhtp:{bucket}/copy", back);
        AssertSameTree(tree, back);
        string hashes = await RunAsync("md5sum", $"zhtp:{bucket}/copy/small.txt");
        Assert.Contains(Convert.ToHexStringLower(MD5.HashData("changed\n"u8.ToArray())), hashes);
        await RunAsync("purge", $"zhtp:{bucket}");
    }

    [Fact(Timeout = 180_000)]
    public async Task S3cmd_PutGetLsDel()
    {
        string config = Path.Combine(_work, "s3cfg");
        string host = fixture.Gateway.ServiceUrl.Authority;
        File.WriteAllText(config, $"""
            [default]
            access_key = {fixture.Key.AccessKeyId}
            secret_key = {fixture.Key.SecretAccessKey}
            host_base = {host}
            host_bucket = {host}
            use_https = False
            signature_v2 = False
            bucket_location = us-east-1
            multipart_chunk_size_mb = 5
            """);
        string bucket = NewBucket("s3cmd");
        string tree = MakeTree("s3cmd-src");
        async Task<string> RunAsync(params string[] arguments)
        {
            ClientProcess.Result result = await ClientProcess.RunAsync(S3cmd, ["-c", config, "--no-progress", .. arguments], new Dictionary<string, string>(), _work);
            Assert.True(result.ExitCode == 0, $"s3cmd {string.Join(' ', arguments)}: {result}");
            return result.Output;
        }

        await RunAsync("mb", $"s3://{bucket}");
        await RunAsync("put", Path.Combine(tree, "small.txt"), $"s3://{bucket}/small.txt");
        await RunAsync("put", Path.Combine(tree, "big.bin"), $"s3://{bucket}/dir/big.bin");
        string listing = await RunAsync("ls", "-r", $"s3://{bucket}");
        Assert.Contains($"s3://{bucket}/small.txt", listing);
        Assert.Contains($"s3://{bucket}/dir/big.bin", listing);
        string top = await RunAsync("ls", $"s3://{bucket}");
        Assert.Contains($"DIR  s3://{bucket}/dir/", top);
        await RunAsync("get", $"s3://{bucket}/dir/big.bin", Path.Combine(_work, "s3cmd-big"));
        Assert.True(File.ReadAllBytes(Path.Combine(tree, "big.bin")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_work, "s3cmd-big"))));
        await RunAsync("del", $"s3://{bucket}/small.txt");
        await RunAsync("del", $"s3://{bucket}/dir/big.bin");
        string empty = await RunAsync("ls", "-r", $"s3://{bucket}");
        Assert.Equal("", empty.Trim());
        await RunAsync("rb", $"s3://{bucket}");
    }
}
