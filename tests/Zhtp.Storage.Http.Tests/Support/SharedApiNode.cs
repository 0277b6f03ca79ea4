namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>One <see cref="ApiNode"/> (4 nodes, no rate limits to speak of) shared by the test classes of the "api" collection.</summary>
public sealed class SharedApiNode : IAsyncLifetime
{
    public ApiNode Node { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Alice { get; private set; } = null!;

    public HttpClient Bob { get; private set; } = null!;

    public HttpClient Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ApiNode.StartAsync();
        Admin = Node.Client("admin");
        Alice = Node.Client("read,write", "alice");
        Bob = Node.Client("write", "bob");
        Reader = Node.Client("read");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<SharedApiNode>
{
}
