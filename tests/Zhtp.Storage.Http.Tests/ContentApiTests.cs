using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

[Collection("api")]
public sealed class ContentApiTests(SharedApiNode shared)
{
    internal static async Task<string> UploadAsync(HttpClient client, byte[] data, string query = "", string contentType = "application/octet-stream")
    {
        using var body = new ByteArrayContent(data);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using HttpResponseMessage response = await client.PostAsync("/api/v1/content" + query, body, ApiNode.Timeout());
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        using JsonDocument receipt = JsonDocument.Parse(text);
        string id = receipt.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/content/{id}", response.Headers.Location?.ToString());
        Assert.Equal(data.Length, receipt.RootElement.GetProperty("length").GetInt64());
        return id;
    }

    [Fact(Timeout = 120_000)]
    public async Task Upload_ThenDownload_RoundTripsWithMetadataHeadersAndETag()
    {
        byte[] data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17); // several segments
        string id = await UploadAsync(shared.Alice, data, "?filename=blob.bin&tags=a,b", "application/x-test");

        using HttpResponseMessage get = await shared.Alice.GetAsync($"/api/v1/content/{id}", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(data, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/x-test", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{id}.1\"", get.Headers.ETag?.Tag);
        Assert.Equal("bytes", get.Headers.AcceptRanges.Single());
        Assert.Equal("blob.bin", get.Content.Headers.ContentDisposition?.FileName);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{id}.1\""));
        using HttpResponseMessage notModified = await shared.Alice.SendAsync(conditional, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/api/v1/content/{id}");
        using HttpResponseMessage headResponse = await shared.Alice.SendAsync(head, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        Assert.Equal(data.Length, headResponse.Content.Headers.ContentLength);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());
    }

    [Fact(Timeout = 120_000)]
    public async Task Put_StoresANewVersion_MetadataCarriesOver_IfMatchGuardsIt_OnlyTheOwner()
    {
        HttpClient dave = shared.Node.Client("read,write", "dave");
        byte[] first = RandomNumberGenerator.GetBytes(1_500_000);
        string id = await UploadAsync(dave, first, "?filename=notes.txt&tags=draft", "text/plain");

        // No metadata given: the filename, tags and type carry over; the new bytes are version 2.
        byte[] second = RandomNumberGenerator.GetBytes(700_001);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/content/{id}") { Content = new ByteArrayContent(second) })
        {
            using HttpResponseMessage response = await dave.SendAsync(put, ApiNode.Timeout());
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
            using JsonDocument receipt = JsonDocument.Parse(text);
            Assert.Equal(2UL, receipt.RootElement.GetProperty("version").GetUInt64());
            Assert.Equal(second.Length, receipt.RootElement.GetProperty("length").GetInt64());
            Assert.Equal($"\"{id}.2\"", response.Headers.ETag?.Tag);
        }

        using (HttpResponseMessage latest = await dave.GetAsync($"/api/v1/content/{id}", ApiNode.Timeout()))
        {
            Assert.Equal(second, await latest.Content.ReadAsByteArrayAsync());
            Assert.Equal("2", latest.Headers.GetValues("X-Zhtp-Version").Single());
            Assert.Equal("notes.txt", latest.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal("text/plain", latest.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(first, await dave.GetByteArrayAsync($"/api/v1/content/{id}?version=1", ApiNode.Timeout()));

        // If-Match naming the version that is no longer the latest: 412, nothing stored.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/content/{id}") { Content = new ByteArrayContent([1, 2, 3]) })
        {
            stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{id}.1\""));
            using HttpResponseMessage response = await dave.SendAsync(stale, ApiNode.Timeout());
            Assert.Contains("latest version is 2", (await ProblemAssert.IsProblemAsync(response, 412)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // If-Match naming the latest, with new tags: version 3 with those tags, the filename kept.
        byte[] third = RandomNumberGenerator.GetBytes(1000);
        using (var current = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/content/{id}?tags=final,reviewed") { Content = new ByteArrayContent(third) })
        {
            current.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{id}.2\""));
            using HttpResponseMessage response = await dave.SendAsync(current, ApiNode.Timeout());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (JsonDocument versions = JsonDocument.Parse(await dave.GetStringAsync($"/api/v1/content/{id}/versions", ApiNode.Timeout())))
        {
            Assert.Equal([1UL, 2UL, 3UL], versions.RootElement.EnumerateArray().Select(v => v.GetProperty("version").GetUInt64()));
        }

        using (JsonDocument found = JsonDocument.Parse(await dave.GetStringAsync("/api/v1/content?tag=reviewed", ApiNode.Timeout())))
        {
            JsonElement hit = found.RootElement.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
            Assert.Equal(3UL, hit.GetProperty("version").GetUInt64());
            Assert.Equal("notes.txt", hit.GetProperty("filename").GetString());
        }

        // Another identity with the write scope cannot advance it; an unknown id is 404; a name cannot be given.
        using (HttpResponseMessage response = await shared.Bob.PutAsync($"/api/v1/content/{id}", new ByteArrayContent([9]), ApiNode.Timeout()))
        {
            await ProblemAssert.IsProblemAsync(response, 403);
        }

        using (HttpResponseMessage response = await dave.PutAsync($"/api/v1/content/{new string('a', 64)}", new ByteArrayContent([9]), ApiNode.Timeout()))
        {
            await ProblemAssert.IsProblemAsync(response, 404);
        }

        using (HttpResponseMessage response = await dave.PutAsync($"/api/v1/content/{id}?name=other", new ByteArrayContent([9]), ApiNode.Timeout()))
        {
            Assert.Contains("name", (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(third, await dave.GetByteArrayAsync($"/api/v1/content/{id}", ApiNode.Timeout()));
    }

    [Fact(Timeout = 120_000)]
    public async Task Range_Answers206_416PastTheEnd_And416ForMalformed()
    {
        byte[] data = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 5);
        string id = await UploadAsync(shared.Alice, data);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
        ranged.Headers.Range = new RangeHeaderValue(1_048_570, 1_048_600); // across a segment boundary
        using HttpResponseMessage partial = await shared.Alice.SendAsync(ranged, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(data[1_048_570..1_048_601], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 1048570-1048600/{data.Length}", partial.Content.Headers.ContentRange?.ToString());

        using var suffix = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        using HttpResponseMessage tail = await shared.Alice.SendAsync(suffix, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(data[^10..], await tail.Content.ReadAsByteArrayAsync());

        using var past = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
        past.Headers.Range = new RangeHeaderValue(data.Length, null);
        using HttpResponseMessage unsatisfiable = await shared.Alice.SendAsync(past, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal($"bytes */{data.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());

        foreach (string malformed in new[] { "bytes=abc", "bytes=5-2", "bytes=", "bytes=--3" })
        {
            using var bad = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
            bad.Headers.TryAddWithoutValidation("Range", malformed);
            using HttpResponseMessage response = await shared.Alice.SendAsync(bad, ApiNode.Timeout());
            Assert.True(response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable, $"{malformed}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // Another unit is ignored (RFC 9110 §14.2): the whole content.
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/content/{id}");
        other.Headers.TryAddWithoutValidation("Range", "items=0-5");
        using HttpResponseMessage whole = await shared.Alice.SendAsync(other, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(data.Length, (await whole.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact(Timeout = 120_000)]
    public async Task Listing_PagesThroughTheCallersContent_SearchFindsByText_AndDeleteHidesIt()
    {
        HttpClient carol = shared.Node.Client("read,write", "carol");
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add(await UploadAsync(carol, RandomNumberGenerator.GetBytes(1000 + i), $"?filename=report-{i}.txt&tags=quarterly"));
        }

        var listed = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            using JsonDocument page = JsonDocument.Parse(await carol.GetStringAsync($"/api/v1/content?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", ApiNode.Timeout()));
            listed.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(ids.Order(), listed.Order());
        Assert.True(pages >= 3);

        using JsonDocument search = JsonDocument.Parse(await carol.GetStringAsync("/api/v1/content?q=report-3", ApiNode.Timeout()));
        Assert.Contains(search.RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetString() == ids[3]);

        using JsonDocument versions = JsonDocument.Parse(await carol.GetStringAsync($"/api/v1/content/{ids[0]}/versions", ApiNode.Timeout()));
        Assert.Equal(1UL, versions.RootElement.EnumerateArray().Single().GetProperty("version").GetUInt64());

        using HttpResponseMessage deleted = await carol.DeleteAsync($"/api/v1/content/{ids[0]}", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using HttpResponseMessage gone = await carol.GetAsync($"/api/v1/content/{ids[0]}", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("deleted", (await ProblemAssert.IsProblemAsync(gone, 404)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        using HttpResponseMessage goneVersion = await carol.GetAsync($"/api/v1/content/{ids[0]}?version=1", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotFound, goneVersion.StatusCode);
        using HttpResponseMessage goneHead = await carol.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/content/{ids[0]}"), ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotFound, goneHead.StatusCode);
        using HttpResponseMessage noSuchVersion = await carol.GetAsync($"/api/v1/content/{ids[1]}?version=2", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.NotFound, noSuchVersion.StatusCode);
        using HttpResponseMessage firstVersion = await carol.GetAsync($"/api/v1/content/{ids[1]}?version=1", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, firstVersion.StatusCode);
        Assert.Equal("1", firstVersion.Headers.GetValues("X-Zhtp-Version").Single());

        using HttpResponseMessage badCursor = await carol.GetAsync("/api/v1/content?cursor=%%%", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task NodeRoutes_AnswerQuoteHealthInfoStatsPeers()
    {
        using JsonDocument quote = JsonDocument.Parse(await shared.Reader.GetStringAsync("/api/v1/quote?size=1000000000&days=30&tier=hot&replication=3", ApiNode.Timeout()));
        Assert.Equal(1, quote.RootElement.GetProperty("billedGb").GetInt64());
        Assert.False(string.IsNullOrEmpty(quote.RootElement.GetProperty("signature").GetString()));

        using HttpResponseMessage health = await shared.Node.Client((AuthenticationHeaderValue?)null).GetAsync("/api/v1/health", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using JsonDocument healthBody = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.True(healthBody.RootElement.GetProperty("joined").GetBoolean());
        Assert.True(healthBody.RootElement.GetProperty("storeWritable").GetBoolean());

        using JsonDocument info = JsonDocument.Parse(await shared.Reader.GetStringAsync("/api/v1/info", ApiNode.Timeout()));
        Assert.Equal(shared.Node.System.GetNodeInfo().NodeId.ToString(), info.RootElement.GetProperty("nodeId").GetString());

        using JsonDocument stats = JsonDocument.Parse(await shared.Admin.GetStringAsync("/api/v1/stats", ApiNode.Timeout()));
        Assert.True(stats.RootElement.GetProperty("dht").GetProperty("contacts").GetInt32() >= 3);

        var peers = await shared.Admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/peers", ApiNode.Timeout());
        Assert.True(peers!.Count >= 3);

        using HttpResponseMessage badQuote = await shared.Reader.GetAsync("/api/v1/quote?size=-5", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.BadRequest, badQuote.StatusCode);
    }
}
