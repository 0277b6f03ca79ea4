using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Zhtp.Storage.S3.Tests.Support;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3.Tests;

/// <summary>The gateway over HTTPS from PEM files (<see cref="S3GatewayOptions.CertificatePath"/>), driven by Debian's awscli trusting only that certificate.</summary>
public sealed class HttpsGatewayTests
{
    [Fact(Timeout = 180_000)]
    public async Task WithACertificate_AwsCliPutsAndGetsOverHttps_AndABadKeyIsAConfigurationError()
    {
        string work = Path.Combine(Path.GetTempPath(), "zhtp-s3-https-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            using X509Certificate2 certificate = SelfSigned();
            string certificatePath = Path.Combine(work, "s3.crt");
            string keyPath = Path.Combine(work, "s3.key");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            using (ECDsa key = certificate.GetECDsaPrivateKey()!)
            {
                await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            }

            await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: GatewayFixture.Timeout());
            await using IS3Gateway gateway = await ZhtpS3Gateway.StartAsync(system, new S3GatewayOptions { CertificatePath = certificatePath, CertificateKeyPath = keyPath }, cancellationToken: GatewayFixture.Timeout());
            Assert.Equal("https", gateway.ServiceUrl.Scheme);
            S3AccessKey access = gateway.CreateAccessKey();

            // awscli over HTTPS signs UNSIGNED-PAYLOAD; it trusts the gateway only through AWS_CA_BUNDLE.
            var env = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = access.AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = access.SecretAccessKey,
                ["AWS_CONFIG_FILE"] = Path.Combine(work, "aws-config-none"),
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work, "aws-credentials-none"),
                ["AWS_DEFAULT_REGION"] = "us-east-1",
                ["AWS_MAX_ATTEMPTS"] = "1",
                ["AWS_PAGER"] = "",
                ["AWS_CA_BUNDLE"] = certificatePath,
            };
            string endpoint = gateway.ServiceUrl.ToString().TrimEnd('/');
            byte[] data = RandomNumberGenerator.GetBytes(9 << 20); // multipart with awscli's 8 MiB parts
            string source = Path.Combine(work, "object.bin");
            await File.WriteAllBytesAsync(source, data);
            foreach (string[] arguments in new[]
            {
                new[] { "s3", "mb", "s3://tls" },
                ["s3", "cp", "--only-show-errors", source, "s3://tls/object.bin"],
                ["s3", "cp", "--only-show-errors", "s3://tls/object.bin", Path.Combine(work, "object.back")],
            })
            {
                ClientProcess.Result result = await ClientProcess.RunAsync("/usr/bin/aws", ["--endpoint-url", endpoint, .. arguments], env, work);
                Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)}: {result}");
            }

            byte[] back = await File.ReadAllBytesAsync(Path.Combine(work, "object.back"));
            Assert.True(data.SequenceEqual(back), "The object came back different over HTTPS.");

            // Without the certificate in its trust store, awscli refuses the connection.
            env.Remove("AWS_CA_BUNDLE");
            ClientProcess.Result untrusted = await ClientProcess.RunAsync("/usr/bin/aws", ["--endpoint-url", endpoint, "s3", "ls", "s3://tls"], env, work);
            Assert.NotEqual(0, untrusted.ExitCode);
            Assert.Contains("SSL", untrusted.Error, StringComparison.OrdinalIgnoreCase);

            var error = await Assert.ThrowsAsync<ConfigurationException>(() => ZhtpS3Gateway.StartAsync(system, new S3GatewayOptions { CertificatePath = Path.Combine(work, "absent.crt") }, cancellationToken: GatewayFixture.Timeout()));
            Assert.Contains("absent.crt", error.Message, StringComparison.Ordinal);
            Assert.Contains(new S3GatewayOptions { CertificateKeyPath = keyPath }.Validate(), e => e.Contains("CertificateKeyPath", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
