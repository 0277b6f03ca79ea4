using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Content;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class HostedMaintenanceTests
{
    [Fact(Timeout = 60_000)]
    public async Task HostedService_RunsMaintenance_WhenTheIntervalElapses()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(["--Zhtp:DataDirectory=" + directory.Path, "--Zhtp:MaintenanceInterval=00:05:00", "--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddZhtpStorage(builder.Configuration.GetSection("Zhtp"));
        using IHost host = builder.Build();
        await host.StartAsync();
        try
        {
            var storage = host.Services.GetRequiredService<IUnifiedStorageSystem>();
            string node = storage.GetNodeInfo().NodeId.ToString();
            var pass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "zhtp.unified.operation.duration" && instrument.Meter.Tags?.Any(t => (string?)t.Value == node) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "zhtp.operation" && (string?)tag.Value == "maintenance")
                    {
                        pass.TrySetResult();
                    }
                }
            });
            listener.Start();
            await storage.UploadContentAsync(new MemoryStream(new byte[10_000]));

            time.Advance(TimeSpan.FromMinutes(4));
            Assert.False(pass.Task.IsCompleted);
            time.Advance(TimeSpan.FromMinutes(1));
            await pass.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
