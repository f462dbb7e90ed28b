namespace ConfLint.Host.Systemd.AppServers;

/// <summary>Django's <c>manage.py runserver [ADDRESS:]PORT</c>, the development server: 127.0.0.1:8000 unless its one
/// address argument says otherwise (<c>-6</c>/<c>--ipv6</c> makes the default ::1).</summary>
internal sealed class RunserverReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        var ipv6 = arguments.Any(a => a.Value is "-6" or "--ipv6");
        var index = arguments.ToList().FindIndex(a => !a.Value.StartsWith('-'));
        if (index < 0)
        {
            server.AddBind(Endpoint.Tcp(ipv6 ? "::1" : "127.0.0.1", 8000), null, BackendProtocol.Http, "runserver's default 127.0.0.1:8000");
            return;
        }

        var address = arguments[index];
        var text = address.Value;
        var full = text.Contains(':') ? text : (ipv6 ? "[::1]:" : "127.0.0.1:") + text;
        if (Endpoint.TrySplitHostPort(full, 8000, out var host, out var port))
        {
            server.AddBind(Endpoint.Tcp(host.Trim('[', ']'), port), address, BackendProtocol.Http);
        }
        else
        {
            server.Unknown($"runserver's address {text} is not one ConfLint can read");
        }
    }
}
