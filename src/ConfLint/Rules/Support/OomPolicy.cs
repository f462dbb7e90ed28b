using ConfLint.Host;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// What the kernel's OOM killer ending one process of a back end does to the rest: the service's <c>OOMPolicy=</c>, else
/// <c>DefaultOOMPolicy=</c> of the root's <c>/etc/systemd/system.conf</c> (and its <c>system.conf.d</c> drop-ins, a later one
/// winning), else systemd's default <c>stop</c> (systemd.service(5): the unit is stopped and enters the failed state;
/// <c>kill</c> also kills the unit's other processes; <c>continue</c> only logs). Without a service (a container), the
/// master forks a new child.
/// </summary>
internal static class OomPolicy
{
    public static string Describe(HostModel host, ServiceBackEnd? service)
    {
        if (service is null)
        {
            return "the OOM killer ends children, and the requests they serve get 502";
        }

        var (policy, source) = service.Unit.Get("Service", "OOMPolicy") is { Length: > 0 } own
            ? (own, $"OOMPolicy={own} of {service.UnitName}")
            : Default(host) is { } configured ? (configured.Value, $"DefaultOOMPolicy={configured.Value} in {configured.File}") : ("stop", "systemd's DefaultOOMPolicy=stop");
        return policy switch
        {
            "continue" => $"the OOM killer ends children and their requests get 502 ({source} keeps {service.UnitName} running)",
            "kill" => $"with {source}, one OOM kill ends every process of {service.UnitName}, and every site behind it gets 502 until it restarts",
            _ => $"with {source}, one OOM kill stops the whole {service.UnitName}, and every site behind it gets 502 until it restarts",
        };
    }

    private static (string Value, string File)? Default(HostModel host)
    {
        (string, string)? found = null;
        var files = new List<string> { "/etc/systemd/system.conf" };
        files.AddRange(host.Files.FilesIn("/etc/systemd/system.conf.d", ".conf"));
        foreach (var path in files)
        {
            if (host.Files.Read(path) is not { } source)
            {
                continue;
            }

            foreach (var line in source.Text.Split('\n'))
            {
                var text = line.Trim();
                if (text.StartsWith("DefaultOOMPolicy=", StringComparison.Ordinal) && text["DefaultOOMPolicy=".Length..].Trim() is { Length: > 0 } value)
                {
                    found = (value, path.TrimStart('/'));
                }
            }
        }

        return found;
    }
}
