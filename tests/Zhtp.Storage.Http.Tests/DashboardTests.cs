using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Zhtp.Storage.Http.Dashboard;
using Zhtp.Storage.Http.Tests.Support;
using Zhtp.Storage.Http.Tokens;

namespace Zhtp.Storage.Http.Tests;

/// <summary>
/// The dashboard in a real headless chromium (driven over CDP, <see cref="HeadlessChromium"/>): sign in with a token,
/// upload through the file picker and by dropping a file, see them listed, share one, download it through the page; revoke
/// a reader, download an older version and delete an item; and a wrong token's problem shown.
/// Set ZHTP_DASHBOARD_SCREENSHOT=PATH to save a screenshot of the listed content (docs/dashboard.png comes from it).
/// </summary>
[Collection("api")]
public sealed class DashboardTests(SharedApiNode shared)
{
    private static CancellationToken Step(int seconds = 30) => ApiNode.Timeout(seconds);

    [Fact(Timeout = 180_000)]
    public async Task Dashboard_SignInUploadListDownload_RoundTripsTheBytesThroughThePage()
    {
        string identity = "dash-" + Guid.NewGuid().ToString("N")[..8];
        string reader = identity + "-reader";
        string readerDocument;
        using (var identities = new ApiIdentityStore(shared.Node.DataDirectory))
        {
            identities.GetOrCreate(identity);
            identities.GetOrCreate(reader);
            // A reader the page knows only by its public identity document (identity.pub, base64), as a user pastes it.
            readerDocument = Convert.ToBase64String(identities.GetOrCreate(identity + "-by-document").Public.Encode());
        }

        (_, string token) = shared.Node.Tokens.Create(ApiScopeRules.Parse("admin"), identity);
        using HttpClient api = shared.Node.Client(new AuthenticationHeaderValue("Bearer", token));
        string reportId = await ContentApiTests.UploadAsync(api, RandomNumberGenerator.GetBytes(180_000), "?filename=quarterly-report.pdf&tags=finance&access=Restricted", "application/pdf");
        await ContentApiTests.UploadAsync(api, RandomNumberGenerator.GetBytes(2_400_000), "?filename=holiday-photo.jpg&tags=photos", "image/jpeg");

        using var files = new TempDirectory();
        byte[] original = RandomNumberGenerator.GetBytes(1_300_000 + 7); // more than one segment
        string path = Path.Combine(files.Path, "dashboard-upload.bin");
        await File.WriteAllBytesAsync(path, original, Step());

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(Step());
        CdpPage page = await browser.NewPageAsync(Step());
        await page.NavigateAsync(shared.Node.Server.Address, Step());
        await SignInAsync(page, token);
        await page.WaitForAsync("!document.getElementById('app').hidden && document.querySelector('#items tr[data-filename=\"holiday-photo.jpg\"]')", Step());

        await page.EvaluateAsync("document.getElementById('description').focus(); true", Step());
        await page.SendAsync("Input.insertText", new JsonObject { ["text"] = "uploaded through the dashboard" }, Step());
        await page.SetInputFilesAsync("#file-input", [path], Step());
        await page.WaitForAsync("document.querySelector('#uploads li.done') && document.querySelector('#items tr[data-filename=\"dashboard-upload.bin\"]')", Step(60));
        Assert.Equal(100, (await page.EvaluateAsync("document.querySelector('#uploads li.done progress').value", Step()))!.GetValue<int>());
        await page.WaitForAsync("document.getElementById('contracts').textContent !== '…' && document.getElementById('peers-count').textContent !== '…'", Step());
        Assert.True(int.Parse((await page.EvaluateAsync("document.getElementById('peers-count').textContent", Step()))!.GetValue<string>()) > 0, "The node panel shows no peers of a 4-node cluster.");

        string dropped = Path.Combine(files.Path, "dropped-notes.txt");
        await File.WriteAllTextAsync(dropped, "dropped onto the dashboard\n", Step());
        await DropFilesAsync(page, "#drop", dropped);
        await page.WaitForAsync("document.querySelector('#items tr[data-filename=\"dropped-notes.txt\"]') && document.querySelectorAll('#uploads li.done').length === 2", Step(60));

        const string report = "#items tr[data-filename=\"quarterly-report.pdf\"]";
        await page.EvaluateAsync($"document.querySelector('{report} button.share-toggle').click(); true", Step());
        await page.WaitForAsync($"document.querySelector('{report} + tr.share input')", Step());
        await page.EvaluateAsync($"document.querySelector('{report} + tr.share input').focus(); true", Step());
        await page.SendAsync("Input.insertText", new JsonObject { ["text"] = reader }, Step());
        await page.EvaluateAsync($"document.querySelector('{report} + tr.share button[type=submit]').click(); true", Step());
        string granted = (await page.WaitForAsync($"document.querySelector('{report} + tr.share .grants').textContent.startsWith('Readers:') && document.querySelector('{report} + tr.share .note').textContent", Step()))!.GetValue<string>();
        Assert.Equal($"Granted to {reader}.", granted);
        await page.EvaluateAsync($"document.querySelector('{report} + tr.share input').focus(); true", Step());
        await page.SendAsync("Input.insertText", new JsonObject { ["text"] = readerDocument }, Step());
        await page.EvaluateAsync($"document.querySelector('{report} + tr.share button[type=submit]').click(); true", Step());
        await page.WaitForAsync($"document.querySelector('{report} + tr.share .note').textContent === 'Granted to the identity in that document.' && document.querySelectorAll('{report} + tr.share .grants li').length === 2", Step());
        using HttpResponseMessage grants = await api.GetAsync($"/api/v1/content/{reportId}/grants", Step());
        Assert.Equal(2, JsonDocument.Parse(await grants.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        using (JsonDocument described = JsonDocument.Parse(await api.GetStringAsync("/api/v1/content?q=dashboard", Step())))
        {
            Assert.Contains(described.RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("filename").GetString() == "dashboard-upload.bin" && e.GetProperty("description").GetString() == "uploaded through the dashboard");
        }

        Task<JsonObject> begins = browser.Cdp.Expect("Browser.downloadWillBegin");
        Task<JsonObject> completes = browser.Cdp.Expect("Browser.downloadProgress", p => p["state"]?.GetValue<string>() is "completed" or "canceled");
        await page.EvaluateAsync("document.querySelector('#items tr[data-filename=\"dashboard-upload.bin\"] button.download').click()", Step());
        JsonObject begun = await begins.WaitAsync(Step());
        Assert.Equal("dashboard-upload.bin", begun["suggestedFilename"]?.GetValue<string>());
        JsonObject completed = await completes.WaitAsync(Step(60));
        Assert.Equal("completed", completed["state"]?.GetValue<string>());
        byte[] downloaded = await File.ReadAllBytesAsync(Path.Combine(browser.Downloads, begun["guid"]!.GetValue<string>()), Step());
        Assert.Equal(original.Length, downloaded.Length);
        Assert.True(original.AsSpan().SequenceEqual(downloaded), "The downloaded bytes differ from the uploaded file.");

        Assert.True((await page.EvaluateAsync("document.getElementById('error').hidden", Step()))!.GetValue<bool>(), await page.DescribeAsync());
        Assert.Equal(token, (await page.EvaluateAsync("sessionStorage.getItem('zhtp.dashboard.token')", Step()))?.GetValue<string>());
        AssertOnlyOwnOrigin(browser, shared.Node.Server.Address);

        if (Environment.GetEnvironmentVariable("ZHTP_DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.EvaluateAsync($"document.querySelector('{report} button.versions-toggle').click(); true", Step());
            await page.WaitForAsync($"document.querySelector('{report} ~ tr.versions tr[data-version]')", Step());
            await page.EvaluateAsync("document.getElementById('peers-box').open = true; window.scrollTo(0, 0); true", Step());
            await File.WriteAllBytesAsync(screenshot, await page.ScreenshotAsync(Step()), Step());
        }

        await page.EvaluateAsync("document.getElementById('signout').click()", Step());
        await page.WaitForAsync("!document.getElementById('signin').hidden && document.getElementById('app').hidden", Step());
        Assert.Null(await page.EvaluateAsync("sessionStorage.getItem('zhtp.dashboard.token')", Step()));
    }

    [Fact(Timeout = 180_000)]
    public async Task Dashboard_RevokeVersionsDelete_EachControlChangesTheContentThroughTheApi()
    {
        string identity = "dash-" + Guid.NewGuid().ToString("N")[..8];
        string reader = identity + "-reader";
        string readerId;
        using (var identities = new ApiIdentityStore(shared.Node.DataDirectory))
        {
            identities.GetOrCreate(identity);
            readerId = identities.GetOrCreate(reader).Id.ToString();
        }

        (_, string token) = shared.Node.Tokens.Create(ApiScopeRules.Parse("read,write"), identity);
        using HttpClient api = shared.Node.Client(new AuthenticationHeaderValue("Bearer", token));
        byte[] contract = RandomNumberGenerator.GetBytes(700_000);
        string contractId = await ContentApiTests.UploadAsync(api, contract, "?filename=contract.pdf&access=Restricted", "application/pdf");
        string scratchId = await ContentApiTests.UploadAsync(api, RandomNumberGenerator.GetBytes(5_000), "?filename=scratch.txt", "text/plain");
        using (var grant = new StringContent(new JsonObject { ["identity"] = reader }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))
        using (HttpResponseMessage granted = await api.PostAsync($"/api/v1/content/{contractId}/grants", grant, Step()))
        {
            Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        }

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(Step());
        CdpPage page = await browser.NewPageAsync(Step());
        await page.NavigateAsync(shared.Node.Server.Address, Step());
        await SignInAsync(page, token);
        const string row = "#items tr[data-filename=\"contract.pdf\"]";
        const string scratch = "#items tr[data-filename=\"scratch.txt\"]";
        await page.WaitForAsync($"!document.getElementById('app').hidden && document.querySelector('{row}') && document.querySelector('{scratch}')", Step());

        // Revoke: the share row lists the reader with a Revoke button; afterwards the API lists no grant and a second version.
        await page.EvaluateAsync($"document.querySelector('{row} button.share-toggle').click(); true", Step());
        string revokeButton = $"{row} ~ tr.share li[data-identity=\"{readerId}\"] button.revoke";
        await page.WaitForAsync($"document.querySelector('{revokeButton}')", Step());
        await page.EvaluateAsync($"document.querySelector('{revokeButton}').click(); true", Step());
        string revoked = (await page.WaitForAsync($"document.querySelector('{row} ~ tr.share .grants').textContent === 'No readers granted yet.' && document.querySelector('{row} ~ tr.share .note').textContent", Step(60)))!.GetValue<string>();
        Assert.Equal($"Revoked {readerId[..16]}…: version 2 is under a new key.", revoked);
        using (JsonDocument grants = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/content/{contractId}/grants", Step())))
        {
            Assert.Empty(grants.RootElement.EnumerateArray());
        }

        using (JsonDocument versions = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/content/{contractId}/versions", Step())))
        {
            Assert.Equal([1UL, 2UL], versions.RootElement.EnumerateArray().Select(v => v.GetProperty("version").GetUInt64()));
        }

        // Versions: both listed, newest first; downloading v1 asks the API for ?version=1 and saves contract.v1.pdf with its bytes.
        await page.EvaluateAsync($"document.querySelector('{row} button.versions-toggle').click(); true", Step());
        string listed = (await page.WaitForAsync($"document.querySelectorAll('{row} ~ tr.versions tr[data-version]').length === 2 && Array.from(document.querySelectorAll('{row} ~ tr.versions tr[data-version]')).map(r => r.dataset.version).join(',')", Step()))!.GetValue<string>();
        Assert.Equal("2,1", listed);
        Task<JsonObject> begins = browser.Cdp.Expect("Browser.downloadWillBegin");
        Task<JsonObject> completes = browser.Cdp.Expect("Browser.downloadProgress", p => p["state"]?.GetValue<string>() is "completed" or "canceled");
        Task<JsonObject> answered = browser.Cdp.Expect("Network.responseReceived", p => p["response"]?["url"]?.GetValue<string>()?.EndsWith($"/api/v1/content/{contractId}?version=1", StringComparison.Ordinal) == true);
        await page.EvaluateAsync($"document.querySelector('{row} ~ tr.versions tr[data-version=\"1\"] button.version-download').click(); true", Step());
        JsonObject response = await answered.WaitAsync(Step());
        Assert.Equal(200, response["response"]!["status"]!.GetValue<int>());
        JsonObject headers = response["response"]!["headers"]!.AsObject();
        Assert.Equal("1", headers.First(h => h.Key.Equals("x-zhtp-version", StringComparison.OrdinalIgnoreCase)).Value!.GetValue<string>());
        JsonObject begun = await begins.WaitAsync(Step());
        Assert.Equal("contract.v1.pdf", begun["suggestedFilename"]?.GetValue<string>());
        Assert.Equal("completed", (await completes.WaitAsync(Step(60)))["state"]?.GetValue<string>());
        byte[] downloaded = await File.ReadAllBytesAsync(Path.Combine(browser.Downloads, begun["guid"]!.GetValue<string>()), Step());
        Assert.True(contract.AsSpan().SequenceEqual(downloaded), "Version 1 downloaded through the page differs from the uploaded bytes.");

        // Delete: the first click arms the button, the second deletes; the row goes and the API answers 404.
        await page.EvaluateAsync($"document.querySelector('{scratch} button.delete').click(); true", Step());
        Assert.Equal("Confirm delete", (await page.EvaluateAsync($"document.querySelector('{scratch} button.delete').textContent", Step()))!.GetValue<string>());
        using (HttpResponseMessage stillThere = await api.GetAsync($"/api/v1/content/{scratchId}", Step()))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }

        await page.EvaluateAsync($"document.querySelector('{scratch} button.delete').click(); true", Step());
        await page.WaitForAsync($"!document.querySelector('{scratch}') && document.querySelector('{row}')", Step(60));
        using (HttpResponseMessage gone = await api.GetAsync($"/api/v1/content/{scratchId}", Step()))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (HttpResponseMessage kept = await api.GetAsync($"/api/v1/content/{contractId}", Step()))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        Assert.True((await page.EvaluateAsync("document.getElementById('error').hidden", Step()))!.GetValue<bool>(), await page.DescribeAsync());
        AssertOnlyOwnOrigin(browser, shared.Node.Server.Address);
    }

    [Fact(Timeout = 120_000)]
    public async Task Dashboard_WrongToken_ShowsTheProblemTitleAndDetail()
    {
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(Step());
        CdpPage page = await browser.NewPageAsync(Step());
        await page.NavigateAsync(shared.Node.Server.Address, Step());
        await SignInAsync(page, "zhtp_not-a-token-of-this-node");

        string shown = (await page.WaitForAsync("!document.getElementById('signin-error').hidden && document.getElementById('signin-error').textContent", Step()))!.GetValue<string>();
        Assert.StartsWith("Unauthorized: ", shown, StringComparison.Ordinal);
        Assert.Contains("unknown or revoked", shown, StringComparison.Ordinal);
        Assert.Contains("zhtp token create", shown, StringComparison.Ordinal);
        Assert.True((await page.EvaluateAsync("document.getElementById('app').hidden", Step()))!.GetValue<bool>());
        Assert.Null(await page.EvaluateAsync("sessionStorage.getItem('zhtp.dashboard.token')", Step()));
    }

    [Fact(Timeout = 60_000)]
    public async Task DashboardFiles_CarryCspCacheHeadersAndTypes_AndNoInlineScript()
    {
        HttpClient anonymous = shared.Node.Client((AuthenticationHeaderValue?)null);
        using HttpResponseMessage index = await anonymous.GetAsync("/", Step());
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, index.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", DashboardEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", DashboardEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(index.Headers.CacheControl?.NoCache);
        Assert.NotNull(index.Headers.ETag);
        string html = await index.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\bsrc=)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase), html);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/");
        conditional.Headers.IfNoneMatch.Add(index.Headers.ETag!);
        using HttpResponseMessage notModified = await anonymous.SendAsync(conditional, Step());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using HttpResponseMessage script = await anonymous.GetAsync("/dashboard/app.js", Step());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using HttpResponseMessage style = await anonymous.GetAsync("/dashboard/app.css", Step());
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        using HttpResponseMessage missing = await anonymous.GetAsync("/dashboard/..%2fPublicAPI.Shipped.txt", Step());
        JsonElement problem = await ProblemAssert.IsProblemAsync(missing, 404);
        Assert.Contains("no file", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Dashboard_Disabled_IsNotServed()
    {
        await using ApiNode node = await ApiNode.StartAsync(nodes: 2, api => api.Dashboard = false);
        HttpClient anonymous = node.Client((AuthenticationHeaderValue?)null);
        using HttpResponseMessage index = await anonymous.GetAsync("/", Step());
        Assert.Equal(HttpStatusCode.NotFound, index.StatusCode);
        using HttpResponseMessage script = await anonymous.GetAsync("/dashboard/app.js", Step());
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
    }

    private static async Task SignInAsync(CdpPage page, string token)
    {
        await page.EvaluateAsync("document.getElementById('token').focus(); true", Step());
        await page.SendAsync("Input.insertText", new JsonObject { ["text"] = token }, Step());
        await page.EvaluateAsync("document.getElementById('signin-button').click(); true", Step());
    }

    /// <summary>Drags <paramref name="path"/> from outside the browser onto the middle of <paramref name="selector"/> (dragEnter, dragOver, drop).</summary>
    private static async Task DropFilesAsync(CdpPage page, string selector, string path)
    {
        JsonNode box = (await page.EvaluateAsync($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return {{ x: r.x + r.width / 2, y: r.y + r.height / 2 }}; }})()", Step()))!;
        foreach (string type in new[] { "dragEnter", "dragOver", "drop" })
        {
            await page.SendAsync("Input.dispatchDragEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box["x"]!.GetValue<double>(), ["y"] = box["y"]!.GetValue<double>(),
                ["data"] = new JsonObject { ["items"] = new JsonArray(), ["files"] = new JsonArray(path), ["dragOperationsMask"] = 1 },
            }, Step());
        }
    }

    /// <summary>Every request the page made went to the node (or a blob: URL of its own): no CDN, no third party.</summary>
    private static void AssertOnlyOwnOrigin(HeadlessChromium browser, Uri node)
    {
        string origin = node.GetLeftPart(UriPartial.Authority);
        var urls = browser.Cdp.Events.Where(e => e.Method == "Network.requestWillBeSent")
            .Select(e => e.Params["request"]?["url"]?.GetValue<string>() ?? "").ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.True(url.StartsWith(origin + "/", StringComparison.Ordinal) || url.StartsWith("blob:" + origin, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"The page requested {url}, outside {origin}."));
        var violations = browser.Cdp.Events.Where(e => e.Method == "Log.entryAdded")
            .Select(e => e.Params["entry"]?["text"]?.GetValue<string>() ?? "")
            .Where(text => text.Contains("Content Security Policy", StringComparison.Ordinal)).ToList();
        Assert.Empty(violations);
    }
}
