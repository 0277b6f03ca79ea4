using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

[Collection("api")]
public sealed class AuthTests(SharedApiNode shared)
{
    [Fact(Timeout = 60_000)]
    public async Task NoToken_WrongToken_AndRevokedToken_Get401_WrongScopeGets403()
    {
        using HttpResponseMessage none = await shared.Node.Client((AuthenticationHeaderValue?)null).GetAsync("/api/v1/content", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        await ProblemAssert.IsProblemAsync(none, 401);

        using HttpResponseMessage wrong = await shared.Node.Client(new AuthenticationHeaderValue("Bearer", "zhtp_not-a-token")).GetAsync("/api/v1/content", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.Single().Parameter);

        using HttpResponseMessage basic = await shared.Node.Client(new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz")).GetAsync("/api/v1/content", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);

        // read-only token: cannot upload, delete or see stats
        using HttpResponseMessage upload = await shared.Reader.PostAsync("/api/v1/content", new ByteArrayContent([1, 2, 3]), ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        await ProblemAssert.IsProblemAsync(upload, 403);
        using HttpResponseMessage stats = await shared.Alice.GetAsync("/api/v1/stats", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
        // write-only token: cannot read
        using HttpResponseMessage list = await shared.Bob.GetAsync("/api/v1/content", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode); // write implies read

        (Tokens.ApiTokenRecord record, string token) = shared.Node.Tokens.Create(["read"], null);
        HttpClient revoked = shared.Node.Client(new AuthenticationHeaderValue("Bearer", token));
        using (HttpResponseMessage before = await revoked.GetAsync("/api/v1/info", ApiNode.Timeout()))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(shared.Node.Tokens.Revoke(record.Id));
        using HttpResponseMessage after = await revoked.GetAsync("/api/v1/info", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task ExpiredToken_Gets401NamingTheExpiry_AnUnexpiredOneIsServed()
    {
        // A token written by `zhtp token create --expires 1h` two days ago (its store's clock set back), and one with a year left.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-2));
        (Tokens.ApiTokenRecord old, string expiredToken) = new Tokens.ApiTokenStore(shared.Node.DataDirectory, past).Create(["read"], null, TimeSpan.FromHours(1));
        (_, string freshToken) = shared.Node.Tokens.Create(["read"], null, TimeSpan.FromDays(365));

        using HttpResponseMessage expired = await shared.Node.Client(new AuthenticationHeaderValue("Bearer", expiredToken)).GetAsync("/api/v1/info", ApiNode.Timeout());
        string detail = (await ProblemAssert.IsProblemAsync(expired, 401)).GetProperty("detail").GetString()!;
        Assert.Contains($"The token {old.Id} expired at", detail, StringComparison.Ordinal);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.Single().Parameter);

        using HttpResponseMessage fresh = await shared.Node.Client(new AuthenticationHeaderValue("Bearer", freshToken)).GetAsync("/api/v1/info", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public void TokenStore_RefusesAnExpiredToken_ByItsClock_AndANonPositiveLifetime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var store = new Tokens.ApiTokenStore(null, time);
        (Tokens.ApiTokenRecord record, string token) = store.Create(["write"], null, TimeSpan.FromMinutes(90));
        Assert.Equal(time.GetUtcNow().AddMinutes(90), record.Expires);
        Assert.Same(record, store.Authenticate(token));
        Assert.False(store.IsExpired(record));

        time.Advance(TimeSpan.FromMinutes(90) - TimeSpan.FromTicks(1));
        Assert.False(store.IsExpired(record));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(store.IsExpired(record));

        (Tokens.ApiTokenRecord forever, _) = store.Create(["read"], null);
        Assert.Null(forever.Expires);
        time.Advance(TimeSpan.FromDays(36_500));
        Assert.False(store.IsExpired(forever));

        Assert.Throws<ArgumentException>(() => store.Create(["read"], null, TimeSpan.Zero));
    }

    [Fact(Timeout = 60_000)]
    public async Task TwoStoresCreatingAtOnce_OnOneDataDirectory_LoseNoToken()
    {
        // Two stores stand for two `zhtp token create` processes: each has its own in-process lock, so only the file lock orders them.
        using var directory = new TempDirectory();
        var first = new Tokens.ApiTokenStore(directory.Path);
        var second = new Tokens.ApiTokenStore(directory.Path);
        Task<List<string>> CreateMany(Tokens.ApiTokenStore store) => Task.Run(() => Enumerable.Range(0, 40).Select(_ => store.Create(["read"], null).Record.Id).ToList());

        List<string>[] created = await Task.WhenAll(CreateMany(first), CreateMany(second));

        IReadOnlyList<Tokens.ApiTokenRecord> listed = new Tokens.ApiTokenStore(directory.Path).List();
        Assert.Equal(created.SelectMany(ids => ids).Order(), listed.Select(t => t.Id).Order());
    }

    [Fact(Timeout = 120_000)]
    public async Task TokenOfA_CannotReadBsPrivateContent_UntilBGrantsIt_AndLosesItOnRevoke()
    {
        HttpClient erin = shared.Node.Client("read,write", "erin");
        HttpClient frank = shared.Node.Client("read,write", "frank");
        byte[] secret = RandomNumberGenerator.GetBytes(10_000);
        string privateId = await ContentApiTests.UploadAsync(erin, secret, "?access=private");
        string restrictedId = await ContentApiTests.UploadAsync(erin, secret, "?access=restricted");
        string publicId = await ContentApiTests.UploadAsync(erin, secret, "?access=public");

        using (HttpResponseMessage denied = await frank.GetAsync($"/api/v1/content/{privateId}", ApiNode.Timeout()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            await ProblemAssert.IsProblemAsync(denied, 403);
        }

        using (HttpResponseMessage own = await erin.GetAsync($"/api/v1/content/{privateId}", ApiNode.Timeout()))
        {
            Assert.Equal(secret, await own.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(secret, await frank.GetByteArrayAsync($"/api/v1/content/{publicId}", ApiNode.Timeout()));
        using (HttpResponseMessage notOwner = await frank.DeleteAsync($"/api/v1/content/{publicId}", ApiNode.Timeout()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        }

        // Grant by identity name; frank reads; revoke; frank is refused the new version.
        using (HttpResponseMessage grant = await erin.PostAsJsonAsync($"/api/v1/content/{restrictedId}/grants", new { identity = "frank" }, ApiNode.Timeout()))
        {
            Assert.True(grant.StatusCode == HttpStatusCode.NoContent, await grant.Content.ReadAsStringAsync());
        }

        Assert.Equal(secret, await frank.GetByteArrayAsync($"/api/v1/content/{restrictedId}", ApiNode.Timeout()));
        List<JsonElement>? grants = await erin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/content/{restrictedId}/grants", ApiNode.Timeout());
        string frankId = Assert.Single(grants!).GetProperty("identityId").GetString()!;

        using (HttpResponseMessage revoke = await erin.DeleteAsync($"/api/v1/content/{restrictedId}/grants/{frankId}", ApiNode.Timeout()))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using HttpResponseMessage afterRevoke = await frank.GetAsync($"/api/v1/content/{restrictedId}", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke.StatusCode);

        using HttpResponseMessage unknown = await erin.PostAsJsonAsync($"/api/v1/content/{restrictedId}/grants", new { identity = "nobody-here" }, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using HttpResponseMessage garbage = await erin.PostAsync($"/api/v1/content/{restrictedId}/grants", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }
}
