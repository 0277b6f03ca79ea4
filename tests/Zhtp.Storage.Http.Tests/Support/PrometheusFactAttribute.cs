namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>A fact that is skipped, with a message saying how to install it, when Debian's <c>prometheus</c> binary is absent.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Binary is null)
        {
            Skip = "prometheus is not installed: apt-get install prometheus (.ci/run installs it).";
        }
    }
}
