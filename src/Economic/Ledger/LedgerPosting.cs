using System.Security.Cryptography;
using System.Text;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Ledger;

/// <summary>
/// An atomic set of legs with an idempotency id: the ledger applies all legs or none, and applying
/// the same posting again (same id, same content) is a no-op that reports
/// <see cref="PostingOutcome.AlreadyApplied"/>.
/// </summary>
/// <param name="TransferId">Idempotency id chosen by the caller (derive it from the business event, e.g. "release/&lt;contract&gt;/3").</param>
/// <param name="Kind">What the posting does.</param>
/// <param name="ContractId">The contract for escrow postings, <see cref="Hash256.Zero"/> otherwise.</param>
/// <param name="Legs">One or more legs.</param>
public sealed record LedgerPosting(string TransferId, PostingKind Kind, Hash256 ContractId, IReadOnlyList<TransferLeg> Legs)
{
    /// <summary>A posting of one leg with no contract.</summary>
    public static LedgerPosting OneLeg(string transferId, PostingKind kind, AccountId from, AccountId to, TokenAmount amount) =>
        new(transferId, kind, Hash256.Zero, [new TransferLeg(from, to, amount)]);

    /// <summary>This posting tied to <paramref name="contractId"/>.</summary>
    public LedgerPosting WithContract(Hash256 contractId) => this with { ContractId = contractId };

    /// <summary>SHA-256 over a canonical text of the content, to tell a retry from a conflicting reuse of the id.</summary>
    internal byte[] Digest()
    {
        var text = new StringBuilder();
        text.Append((int)Kind).Append('|').Append(ContractId.ToString());
        foreach (var leg in Legs)
        {
            text.Append('|').Append(leg.From.Key).Append('>').Append(leg.To.Key).Append('=').Append(leg.Amount.Micros);
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
