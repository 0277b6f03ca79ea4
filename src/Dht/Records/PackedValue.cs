namespace Zhtp.Storage.Dht.Records;

/// <summary>Where a large value lives: pack file <paramref name="Pack"/>, from byte <paramref name="Offset"/> (a multiple of 4 KiB), <paramref name="Length"/> bytes.</summary>
internal readonly record struct PackedValue(long Pack, long Offset, int Length);
