namespace Zhtp.Storage.Economic.Attestations;

/// <summary>A holder that accepted an operation but whose acknowledgement is missing or does not verify, and why.</summary>
/// <param name="Holder">The holder.</param>
/// <param name="Reason">What was wrong (no acknowledgement, unknown or invalid key, bad signature).</param>
public sealed record AttestationFault(NodeId Holder, string Reason);
