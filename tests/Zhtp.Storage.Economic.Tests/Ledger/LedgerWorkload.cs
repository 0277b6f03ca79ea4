using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Ledger;

/// <summary>Random postings of every kind against a ledger, each valid for the current balances.</summary>
public sealed class LedgerWorkload
{
    private static readonly AccountId[] Users = [AccountId.User("alice"), AccountId.User("bob"), AccountId.User("carol")];
    private static readonly AccountId[] Hosts = [AccountId.Host("h1"), AccountId.Host("h2")];
    private readonly IEconomicLedger _ledger;
    private readonly Random _random;
    private readonly Hash256[] _contracts;

    public LedgerWorkload(IEconomicLedger ledger, int seed)
    {
        _ledger = ledger;
        _random = new Random(seed);
        _contracts = Enumerable.Range(0, 4).Select(_ => Hash256.Random(_random)).ToArray();
    }

    public static PostingKind[] Kinds { get; } = Enum.GetValues<PostingKind>();

    public PostingOutcome Step() => Step(Kinds[_random.Next(Kinds.Length)]);

    public LedgerPosting Next(PostingKind kind)
    {
        var id = $"w/{kind}/{Convert.ToHexString(BitConverter.GetBytes(_random.NextInt64()))}";
        var contract = _contracts[_random.Next(_contracts.Length)];
        var escrow = AccountId.Escrow(contract);
        var user = Users[_random.Next(Users.Length)];
        var host = Hosts[_random.Next(Hosts.Length)];
        switch (kind)
        {
            case PostingKind.Mint:
                return LedgerPosting.OneLeg(id, kind, AccountId.Mint, user, Amount(1_000_000_000));
            case PostingKind.Transfer:
                return LedgerPosting.OneLeg(id, kind, user, Users[_random.Next(Users.Length)] == user ? host : Users[(Array.IndexOf(Users, user) + 1) % Users.Length], Share(user));
            case PostingKind.EscrowFund:
            {
                var available = _ledger.GetBalance(user);
                var locked = available.MulDiv(_random.Next(1, 50), 100);
                var fee = available.MulDiv(1, 100);
                return locked.IsZero || fee.IsZero
                    ? Fallback(id, user)
                    : new LedgerPosting(id, kind, contract, [new TransferLeg(user, escrow, locked), new TransferLeg(user, AccountId.Treasury, fee)]);
            }

            case PostingKind.EscrowRelease:
            case PostingKind.EscrowRefund:
            case PostingKind.EscrowSlash:
            {
                var held = _ledger.GetBalance(escrow);
                if (held.Micros < 2)
                {
                    return Fallback(id, user);
                }

                var out1 = held.MulDiv(_random.Next(1, 50), 100);
                var out2 = held.MulDiv(_random.Next(1, 40), 100);
                var to = kind == PostingKind.EscrowRelease ? host : user;
                var legs = new List<TransferLeg> { new(escrow, to, TokenAmount.Max(out1, new TokenAmount(1))) };
                if (kind == PostingKind.EscrowSlash && !out2.IsZero)
                {
                    legs.Add(new TransferLeg(escrow, AccountId.PenaltyPool, out2));
                }

                return new LedgerPosting(id, kind, contract, legs);
            }

            default:
            {
                var pool = _random.Next(2) == 0 ? AccountId.Treasury : AccountId.PenaltyPool;
                var held = _ledger.GetBalance(pool);
                return held.IsZero ? Fallback(id, user) : LedgerPosting.OneLeg(id, PostingKind.Reward, pool, host, held.MulDiv(_random.Next(1, 100), 100) + new TokenAmount(1) > held ? held : held.MulDiv(_random.Next(1, 100), 100) + new TokenAmount(1));
            }
        }
    }

    public PostingOutcome Step(PostingKind kind) => _ledger.Post(Next(kind));

    private static LedgerPosting Fallback(string id, AccountId user) => LedgerPosting.OneLeg(id + "/mint", PostingKind.Mint, AccountId.Mint, user, new TokenAmount(1_000_000));

    private TokenAmount Amount(long max) => new(_random.NextInt64(1, max));

    private TokenAmount Share(AccountId from)
    {
        var balance = _ledger.GetBalance(from);
        return balance.IsZero ? new TokenAmount(1) : TokenAmount.Max(balance.MulDiv(_random.Next(1, 100), 100), new TokenAmount(1));
    }
}
