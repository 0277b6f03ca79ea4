namespace Zhtp.Storage.Http;

/// <summary>A running HTTP API (from <see cref="ZhtpHttpApi.StartAsync"/>); dispose it to stop listening (the node keeps running).</summary>
public interface IZhtpApiServer : IAsyncDisposable
{
    /// <summary>The address it listens on, with the real port when <see cref="ZhtpApiOptions.Listen"/> asked for port 0 (e.g. http://127.0.0.1:41234).</summary>
    Uri Address { get; }
}
