namespace Zhtp.Storage.Dht;

/// <summary>Behaviour of an <see cref="InMemoryNetwork"/>.</summary>
public sealed record InMemoryNetworkOptions
{
    /// <summary>Smallest one-way delay. Default zero (delivered on the thread pool as soon as possible).</summary>
    public TimeSpan MinLatency { get; init; }

    /// <summary>Largest one-way delay; each datagram draws uniformly between the two. Default zero.</summary>
    public TimeSpan MaxLatency { get; init; }

    /// <summary>Probability (0..1) that a datagram is lost. Default 0.</summary>
    public double LossRate { get; init; }

    /// <summary>Seed of the loss and latency draws.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time source for delays (a fake one makes delays virtual).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
