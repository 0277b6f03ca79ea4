using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

// Implementation notes
// Joint-Feldman DKG (Pedersen 1991; Gennaro, Jarecki, Krawczyk, Rabin 1999, "Secure distributed key
// generation for discrete-log based cryptosystems", §3, whose "Fig. 1" steps 1–4 this follows).
// Dealing: each member announces a fresh X25519 key; each dealer i draws f_i of degree t − 1,
//   commits C_i = [a_ik]G1 and sends s_ij = f_i(j), encrypted to j's key, with C_i to every j.
// Complaining: each member broadcasts one complaint message naming every dealer whose share was
//   missing, undecryptable, or failed [s_ij]G1 = Σ_k j^k·C_ik.
// Revealing: a dealer answers each complaint by revealing s_ij (plaintext) and C_i to everyone; each
//   member checks the share against C_i (and that C_i is the one it was dealt); a valid reveal gives the
//   complainer its share.
// Deciding: dealer i is disqualified when a complaint against it is unanswered or answered wrongly,
//   when its commitments differ between deal and reveal, or when this member holds no valid share of it.
//   QUAL = the rest; the group key is Σ_{i∈QUAL} C_i0 and the member's share Σ_{i∈QUAL} s_ij.
// Phases end at their deadline, or early when nothing more can arrive: dealing when every dealer's share
// is here, complaining when every member's complaint message is here, revealing when every complaint
// is answered.
internal sealed partial class DkgSession : IDkgSession
{
    private readonly DkgOptions _options;
    private readonly byte[] _session;
    private readonly int _n;
    private readonly int _t;
    private readonly int _self;
    private readonly Action<Span<byte>> _fillRandom;
    private readonly byte[]?[] _encryptionKeys;    // by member index; announced keys
    private readonly bool[] _dealtTo;               // recipients this dealer has sent its deal to
    private readonly FeldmanCommitment?[] _commitments; // by dealer
    private readonly Fr[] _shares;                  // by dealer: s_(dealer, self), valid when _hasShare
    private readonly bool[] _hasShare;
    private readonly int[]?[] _complaints;          // by complainer: the dealers it accused
    private readonly HashSet<(int Dealer, int Accuser)> _answered = [];
    private readonly HashSet<(int Dealer, int Accuser)> _revealedByMe = [];
    private readonly Dictionary<int, string> _disqualified = [];
    private IKeyAgreementKey? _encryptionKey;
    private Polynomial? _polynomial;
    private DateTimeOffset _start;
    private ThresholdKeyShare? _result;
    private string? _failure;

    public DkgSession(DkgOptions options)
    {
        _options = options;
        _session = options.SessionId.ToArray();
        _n = options.Members;
        _t = options.Threshold;
        _self = options.Self;
        _fillRandom = options.FillRandom ?? RandomNumberGenerator.Fill;
        _encryptionKeys = new byte[]?[_n + 1];
        _dealtTo = new bool[_n + 1];
        _commitments = new FeldmanCommitment?[_n + 1];
        _shares = new Fr[_n + 1];
        _hasShare = new bool[_n + 1];
        _complaints = new int[]?[_n + 1];
    }

    public DkgPhase Phase { get; private set; }

    public int Dropped { get; private set; }

    public IReadOnlyDictionary<int, string> Disqualified => _disqualified;

    /// <summary>Test hook: rewrites the share this dealer sends to a recipient (a cheating dealer).</summary>
    internal Func<int, byte[], byte[]>? TamperShare { get; set; }

    /// <summary>Test hook: whether <see cref="TamperShare"/> also rewrites revealed shares (a dealer that keeps cheating when accused).</summary>
    internal bool TamperReveals { get; set; }

    public DateTimeOffset? NextDeadline => Phase switch
    {
        DkgPhase.Dealing => _start + _options.DealTimeout,
        DkgPhase.Complaining => _start + _options.DealTimeout + _options.ComplaintTimeout,
        DkgPhase.Revealing => _start + _options.DealTimeout + _options.ComplaintTimeout + _options.RevealTimeout,
        _ => null,
    };

    public ThresholdKeyShare Result => Phase switch
    {
        DkgPhase.Completed => _result!,
        DkgPhase.Failed => throw new DkgFailedException(_failure!),
        _ => throw new InvalidOperationException($"The DKG is still in phase {Phase}; wait until it completes (Phase is Completed or Failed)."),
    };

    public IReadOnlyList<DkgOutgoing> Start(DateTimeOffset now)
    {
        if (Phase != DkgPhase.NotStarted)
        {
            throw new InvalidOperationException("The DKG session was already started; create a new session for a new run.");
        }

        _start = now;
        Phase = DkgPhase.Dealing;
        _encryptionKey = KeyAgreementKeys.Generate(KeyAgreementAlgorithm.X25519);
        _encryptionKeys[_self] = _encryptionKey.PublicKey.ToArray();
        _polynomial = Polynomial.Random(_t, _fillRandom);
        _commitments[_self] = _polynomial.Commit();
        _shares[_self] = _polynomial.Evaluate(_self);
        _hasShare[_self] = true;
        var output = new List<DkgOutgoing>();
        Broadcast(output, new DkgAnnounce(_self, _encryptionKeys[_self]!));
        Advance(now, output);
        return output;
    }

    public IReadOnlyList<DkgOutgoing> Tick(DateTimeOffset now)
    {
        var output = new List<DkgOutgoing>();
        Advance(now, output);
        return output;
    }

    public void Dispose()
    {
        _polynomial?.Dispose();
        _encryptionKey?.Dispose();
        Array.Clear(_shares);
    }

    private void Broadcast(List<DkgOutgoing> output, DkgMessage message)
    {
        byte[] payload = DkgWire.Encode(_session, message);
        for (int j = 1; j <= _n; j++)
        {
            if (j != _self)
            {
                output.Add(new DkgOutgoing(j, payload));
            }
        }
    }

    /// <summary>Moves through every phase whose deadline has passed or whose inputs are complete.</summary>
    private void Advance(DateTimeOffset now, List<DkgOutgoing> output)
    {
        while (true)
        {
            switch (Phase)
            {
                case DkgPhase.Dealing when now >= NextDeadline || AllShared():
                    Phase = DkgPhase.Complaining;
                    SendComplaints(output);
                    continue;
                case DkgPhase.Complaining when now >= NextDeadline || AllComplained():
                    Phase = DkgPhase.Revealing;
                    continue;
                case DkgPhase.Revealing when now >= NextDeadline || AllAnswered():
                    Decide();
                    return;
                default:
                    return;
            }
        }
    }

    private bool AllShared()
    {
        for (int i = 1; i <= _n; i++)
        {
            if (!_hasShare[i] || (i != _self && !_dealtTo[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool AllComplained()
    {
        for (int j = 1; j <= _n; j++)
        {
            if (_complaints[j] is null)
            {
                return false;
            }
        }

        return true;
    }

    private bool AllAnswered()
    {
        for (int j = 1; j <= _n; j++)
        {
            foreach (int dealer in _complaints[j] ?? [])
            {
                if (!_answered.Contains((dealer, j)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void SendComplaints(List<DkgOutgoing> output)
    {
        var accused = new List<int>();
        for (int i = 1; i <= _n; i++)
        {
            if (!_hasShare[i])
            {
                accused.Add(i);
            }
        }

        _complaints[_self] = [.. accused];
        Broadcast(output, new DkgComplaint(_self, [.. accused]));
    }

    private void Decide()
    {
        var qualified = new List<int>();
        for (int i = 1; i <= _n; i++)
        {
            if (_disqualified.ContainsKey(i))
            {
                continue;
            }

            for (int j = 1; j <= _n && !_disqualified.ContainsKey(i); j++)
            {
                if ((_complaints[j] ?? []).Contains(i) && !_answered.Contains((i, j)))
                {
                    _disqualified[i] = $"member {j}'s complaint was not answered by a valid reveal before the deadline";
                }
            }

            if (!_disqualified.ContainsKey(i) && (!_hasShare[i] || _commitments[i] is null))
            {
                _disqualified[i] = "no valid share of it reached this member (it did not deal in time)";
            }

            if (!_disqualified.ContainsKey(i))
            {
                qualified.Add(i);
            }
        }

        if (qualified.Count < _t)
        {
            Phase = DkgPhase.Failed;
            _failure = $"Only {qualified.Count} of {_n} dealers qualified, fewer than the threshold {_t}; disqualified: "
                + string.Join("; ", _disqualified.OrderBy(d => d.Key).Select(d => $"{d.Key}: {d.Value}"))
                + ". Restart the DKG with live members (or a lower threshold).";
            return;
        }

        Fr sum = Fr.Zero;
        foreach (int i in qualified)
        {
            sum = Fr.Add(sum, _shares[i]);
        }

        FeldmanCommitment group = FeldmanCommitment.Sum(qualified.Select(i => _commitments[i]!));
        SecretShare share = SecretShare.FromScalar(_self, sum);
        _result = new ThresholdKeyShare(_n, share, group, qualified);
        Phase = DkgPhase.Completed;
    }
}
