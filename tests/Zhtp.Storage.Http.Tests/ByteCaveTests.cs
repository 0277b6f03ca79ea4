using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

[Collection("api")]
public sealed class ByteCaveTests(SharedApiNode shared)
{
    [Fact(Timeout = 60_000)]
    public async Task Store_ThenRetrieve_InByteCavesJsonShapes_AndHealthInfoAnswer()
    {
        byte[] ciphertext = RandomNumberGenerator.GetBytes(5000);
        using HttpResponseMessage stored = await shared.Alice.PostAsJsonAsync("/store", new { ciphertext = Convert.ToBase64String(ciphertext), mimeType = "application/octet-stream", authorization = new { type = "message" } }, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        using JsonDocument receipt = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        Assert.True(receipt.RootElement.GetProperty("success").GetBoolean());
        string cid = receipt.RootElement.GetProperty("cid").GetString()!;
        Assert.True(receipt.RootElement.GetProperty("replicationStatus").GetProperty("confirmed").GetInt32() >= 1);

        // Any reader gets it (ByteCave blobs are public ciphertext).
        using JsonDocument blob = JsonDocument.Parse(await shared.Reader.GetStringAsync($"/retrieve/{cid}", ApiNode.Timeout()));
        Assert.Equal(cid, blob.RootElement.GetProperty("cid").GetString());
        Assert.Equal(ciphertext, Convert.FromBase64String(blob.RootElement.GetProperty("ciphertext").GetString()!));
        Assert.Equal("application/octet-stream", blob.RootElement.GetProperty("mimeType").GetString());
        Assert.Equal(5000, blob.RootElement.GetProperty("size").GetInt64());
        Assert.Equal(ciphertext, Convert.FromBase64String(JsonDocument.Parse(await shared.Reader.GetStringAsync($"/blob/{cid}", ApiNode.Timeout())).RootElement.GetProperty("ciphertext").GetString()!));

        using HttpResponseMessage unknown = await shared.Reader.GetAsync($"/retrieve/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}", ApiNode.Timeout());
        await ProblemAssert.IsProblemAsync(unknown, 404);

        using JsonDocument health = JsonDocument.Parse(await shared.Node.Client((System.Net.Http.Headers.AuthenticationHeaderValue?)null).GetStringAsync("/health", ApiNode.Timeout()));
        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        using JsonDocument info = JsonDocument.Parse(await shared.Reader.GetStringAsync("/info", ApiNode.Timeout()));
        Assert.Equal(shared.Node.System.GetNodeInfo().NodeId.ToString(), info.RootElement.GetProperty("nodeId").GetString());

        using HttpResponseMessage bad = await shared.Alice.PostAsJsonAsync("/store", new { ciphertext = "%%%", mimeType = "x/y" }, ApiNode.Timeout());
        await ProblemAssert.IsProblemAsync(bad, 400);
        using HttpResponseMessage missing = await shared.Alice.PostAsJsonAsync("/store", new { mimeType = "x/y" }, ApiNode.Timeout());
        await ProblemAssert.IsProblemAsync(missing, 400);
    }
}
