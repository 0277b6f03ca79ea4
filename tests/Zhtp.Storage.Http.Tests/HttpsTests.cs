using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Zhtp.Storage.Http.Tests.Support;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Http.Tests;

/// <summary>The API over HTTPS from PEM files (<see cref="ZhtpApiOptions.CertificatePath"/>), checked by a client that trusts only that certificate.</summary>
public sealed class HttpsTests
{
    [Fact(Timeout = 120_000)]
    public async Task WithACertificate_TheApiServesHttpsOnly_AndABadKeyIsAConfigurationError()
    {
        using var files = new TempDirectory();
        using X509Certificate2 certificate = SelfSigned();
        string certificatePath = Path.Combine(files.Path, "api.crt");
        string keyPath = Path.Combine(files.Path, "api.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        using (ECDsa key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        await using ApiNode node = await ApiNode.StartAsync(nodes: 2, configure: o => (o.CertificatePath, o.CertificateKeyPath) = (certificatePath, keyPath));
        Assert.Equal("https", node.Server.Address.Scheme);

        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        using var client = new HttpClient(handler) { BaseAddress = node.Server.Address };
        (_, string token) = node.Tokens.Create(["read"], null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (HttpResponseMessage info = await client.GetAsync("/api/v1/info", ApiNode.Timeout()))
        {
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        }

        // Plain HTTP to the same port gets no HTTP answer: the listener speaks TLS only.
        using var plain = new HttpClient { BaseAddress = new UriBuilder(node.Server.Address) { Scheme = "http" }.Uri };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/api/v1/health/live", ApiNode.Timeout()));

        // A client that does not trust the certificate refuses the connection.
        using var untrusting = new HttpClient { BaseAddress = node.Server.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/api/v1/health/live", ApiNode.Timeout()));

        var missingKey = new ZhtpApiOptions { Listen = "127.0.0.1:0", CertificatePath = certificatePath, CertificateKeyPath = Path.Combine(files.Path, "absent.key") };
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ZhtpHttpApi.StartAsync(node.System, missingKey, cancellationToken: ApiNode.Timeout()));
        Assert.Contains("absent.key", error.Message, StringComparison.Ordinal);

        var keyWithoutCertificate = new ZhtpApiOptions { Listen = "127.0.0.1:0", CertificateKeyPath = keyPath };
        Assert.Contains(keyWithoutCertificate.Validate(), e => e.StartsWith("CertificateKeyPath:", StringComparison.Ordinal));
    }

    private static X509Certificate2 SelfSigned()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
