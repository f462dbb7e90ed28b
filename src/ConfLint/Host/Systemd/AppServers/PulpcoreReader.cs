namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Pulp's own entry points (<c>pulpcore-api</c>, <c>pulpcore-content</c>, pulpcore 3.33 and later): gunicorn applications
/// started by a click command that takes gunicorn's <c>--bind</c>/<c>-b</c>, <c>--workers</c> and <c>--timeout</c>. Only
/// the binds are read: without <c>--bind</c> the default (port 24817 or 24816 on every address, IPv6 or not depending on
/// the host) is not judged. The timeout is not read as a request limit: pulp-api's is mainly there for a slow first
/// request, and pulpcore-content forces aiohttp's workers, which gunicorn's timeout does not cut.
/// </summary>
internal sealed class PulpcoreReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        foreach (var word in context.Command.OptionValues("--bind", "-b"))
        {
            server.AddAddress(word, BackendProtocol.Http);
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown)
        {
            server.Unknown($"{server.Program} is given no --bind, and its default address depends on the host's IPv6");
        }
    }
}
