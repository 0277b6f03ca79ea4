using System.Reflection;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>
/// An <see cref="IDhtNode"/> that forwards every call to a real node, except that its first
/// <see cref="Failures"/> <c>StoreAsync</c> calls land on no node (an empty <see cref="StoreResult"/>
/// with one refusal), as a moment of unreachable holders would.
/// </summary>
public class FlakyStoreNode : DispatchProxy
{
    private IDhtNode _inner = null!;

    /// <summary>How many StoreAsync calls still fail.</summary>
    public int Failures { get; set; }

    /// <summary>StoreAsync calls seen.</summary>
    public int Stores { get; private set; }

    public static (IDhtNode Node, FlakyStoreNode Control) Wrap(IDhtNode inner, int failures)
    {
        IDhtNode proxy = Create<IDhtNode, FlakyStoreNode>();
        var control = (FlakyStoreNode)(object)proxy;
        control._inner = inner;
        control.Failures = failures;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IDhtNode.StoreAsync))
        {
            Stores++;
            if (Failures > 0)
            {
                Failures--;
                var value = (ReadOnlyMemory<byte>)args![0]!;
                DhtKey key = RecordKeys.ContentKey(value.Span);
                return Task.FromResult(new StoreResult(key, [], [(_inner.Self, DhtErrorCode.Timeout)]));
            }
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
