namespace Zhtp.Storage.Host.Tests;

/// <summary>Runs tools/blake3-node/b3.mjs (npm <c>@noble/hashes</c>), installing the pinned package when missing.</summary>
internal static class NobleBlake3Tool
{
    private static readonly NodeTool Tool = new("blake3-node", "b3.mjs", "@noble/hashes");

    public static Task<ProcessResult> RunAsync(string[] args, byte[]? stdin) => Tool.RunAsync(args, stdin);
}
