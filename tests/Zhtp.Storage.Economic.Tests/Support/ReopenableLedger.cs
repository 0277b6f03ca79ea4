namespace Zhtp.Storage.Economic.Tests;

/// <summary>A SQLite ledger file that the test can close and reopen under the feet of its users (a node restart).</summary>
public sealed class ReopenableLedger : IEconomicLedger
{
    private readonly string _path;
    private readonly LedgerDurability _durability;
    private IEconomicLedger _inner;

    public ReopenableLedger(string path, LedgerDurability durability)
    {
        _path = path;
        _durability = durability;
        _inner = EconomicLedger.OpenSqlite(path, durability);
    }

    public int Restarts { get; private set; }

    public void Restart()
    {
        _inner.Dispose();
        _inner = EconomicLedger.OpenSqlite(_path, _durability);
        Restarts++;
    }

    public TokenAmount TotalSupply => _inner.TotalSupply;

    public PostingOutcome Post(LedgerPosting posting) => _inner.Post(posting);

    public TokenAmount GetBalance(AccountId account) => _inner.GetBalance(account);

    public EscrowLock GetEscrow(Hash256 contractId) => _inner.GetEscrow(contractId);

    public bool HasPosting(string transferId) => _inner.HasPosting(transferId);

    public LedgerPosting? GetPosting(string transferId) => _inner.GetPosting(transferId);

    public IReadOnlyList<KeyValuePair<AccountId, TokenAmount>> GetBalances() => _inner.GetBalances();

    public LedgerInvariantReport CheckInvariants() => _inner.CheckInvariants();

    internal (TokenAmount Supply, TokenAmount Sum, TokenAmount Escrow, long Negative) Totals() => ((SqliteLedger)_inner).Totals();

    public void Dispose() => _inner.Dispose();
}
