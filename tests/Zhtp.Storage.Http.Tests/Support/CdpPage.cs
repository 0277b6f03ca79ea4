using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>One browser tab over a flat CDP session: navigate, evaluate, wait for a condition in the page, set files, screenshot.</summary>
public sealed class CdpPage(CdpConnection cdp, string sessionId)
{
    public string SessionId => sessionId;

    public Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken) =>
        cdp.SendAsync(method, parameters, sessionId, cancellationToken);

    /// <summary>Navigates and waits until the page's script has run (<c>body[data-ready]</c>, set by app.js last).</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        JsonObject navigated = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken);
        if (navigated["errorText"]?.GetValue<string>() is { Length: > 0 } error)
        {
            throw new InvalidOperationException($"Navigating to {url} failed: {error}");
        }

        await WaitForAsync("document.readyState === 'complete' && document.body && document.body.dataset.ready === 'true'", cancellationToken);
    }

    /// <summary>Evaluates <paramref name="expression"/> (awaiting a promise) and returns its JSON value; a thrown error throws.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        JsonObject result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true, ["userGesture"] = true,
        }, cancellationToken);
        if (result["exceptionDetails"] is JsonObject exception)
        {
            throw new InvalidOperationException($"The page threw evaluating `{expression}`: {exception["exception"]?["description"] ?? exception["text"]}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>
    /// Waits inside the page until <paramref name="predicate"/> (a JavaScript expression) is truthy, checking every 50 ms and
    /// on every DOM change, and returns its value; when <paramref name="cancellationToken"/> fires first, throws naming the
    /// condition and the error banner's text.
    /// </summary>
    public async Task<JsonNode?> WaitForAsync(string predicate, CancellationToken cancellationToken)
    {
        string script = $$"""
            new Promise((resolve) => {
              const test = () => { try { return ({{predicate}}); } catch (e) { return false; } };
              const check = () => { const v = test(); if (v) { observer.disconnect(); clearInterval(timer); resolve(v); } };
              const observer = new MutationObserver(check);
              observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
              const timer = setInterval(check, 50);
              check();
            })
            """;
        try
        {
            return await EvaluateAsync(script, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            string state = await DescribeAsync();
            throw new TimeoutException($"The page never satisfied `{predicate}`. {state}");
        }
    }

    /// <summary>Sets the files of the file input <paramref name="selector"/> (the page sees input and change events).</summary>
    public async Task SetInputFilesAsync(string selector, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        JsonObject document = await SendAsync("DOM.getDocument", null, cancellationToken);
        JsonObject found = await SendAsync("DOM.querySelector", new JsonObject { ["nodeId"] = document["root"]!["nodeId"]!.GetValue<int>(), ["selector"] = selector }, cancellationToken);
        int nodeId = found["nodeId"]!.GetValue<int>();
        Assert.True(nodeId != 0, $"No element matches {selector}.");
        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["nodeId"] = nodeId, ["files"] = new JsonArray([.. paths.Select(p => JsonValue.Create(p))]) }, cancellationToken);
    }

    public async Task<byte[]> ScreenshotAsync(CancellationToken cancellationToken)
    {
        JsonObject shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, cancellationToken);
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>The page's visible error texts, for failure messages (best effort, 5 s).</summary>
    public async Task<string> DescribeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            JsonNode? state = await EvaluateAsync(
                "JSON.stringify({ url: location.href, signinError: document.getElementById('signin-error')?.textContent, error: document.getElementById('error')?.textContent, uploads: document.getElementById('uploads')?.textContent })",
                timeout.Token);
            return "Page state: " + state?.GetValue<string>();
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or JsonException)
        {
            return "The page state could not be read: " + e.Message;
        }
    }
}
