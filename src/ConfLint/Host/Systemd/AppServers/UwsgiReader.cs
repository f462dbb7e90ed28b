using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>uwsgi: <c>--socket</c> (uwsgi protocol), <c>--http</c>/<c>--http-socket</c>, <c>--fastcgi-socket</c>; no
/// default (an <c>--ini</c> sets them, unread).</summary>
internal sealed class UwsgiReader : AppServerReader
{
    public override void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var word in command.OptionValues("--socket", "-s", "--uwsgi-socket"))
        {
            server.AddAddress(word, BackendProtocol.Uwsgi);
        }

        foreach (var word in command.OptionValues("--http", "--http-socket"))
        {
            server.AddAddress(word, BackendProtocol.Http);
        }

        foreach (var word in command.OptionValues("--fastcgi-socket"))
        {
            server.AddAddress(word, BackendProtocol.FastCgi);
        }

        server.BindsUnknown = server.Binds.Count == 0;
    }
}
