namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>A message the DKG state machine asks its transport to deliver, authenticated as coming from this member.</summary>
/// <param name="To">The recipient's member index (1..n, never this member).</param>
/// <param name="Payload">The encoded message (shares inside are already encrypted to the recipient).</param>
public readonly record struct DkgOutgoing(int To, byte[] Payload);
