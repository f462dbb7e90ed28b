using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Unix sockets a service makes in its own <c>/tmp</c> (systemd.exec(5): <c>PrivateTmp=</c> gives the service's processes
/// private <c>/tmp/</c> and <c>/var/tmp/</c> "not shared by processes outside of the namespace"; <c>disconnected</c>, in
/// recent systemd, mounts a tmpfs of their own there; <c>DynamicUser=</c> implies it, and it "cannot be turned off"). A socket
/// the service binds under either folder is in that namespace (on the host it is
/// <c>/tmp/systemd-private-...-NAME.service-.../tmp/...</c>, or nowhere): nginx or Apache, looking at the same path, finds
/// nothing (ENOENT) and answers 502. A socket unit's <c>ListenStream=</c> is made by systemd in the host's namespace, so a
/// socket-activated service is not affected.
/// </summary>
public static class PrivateTmpSockets
{
    /// <summary>A listener of a back end that only its own service's processes can reach: the service and the setting
    /// that makes its <c>/tmp</c> private.</summary>
    public sealed record Hidden(BackEnd BackEnd, EndpointSite Listener, ServiceBackEnd Service, SystemdEntry Setting)
    {
        /// <summary>The setting, said: <c>PrivateTmp=true</c>, or <c>DynamicUser=yes, implying PrivateTmp=,</c>.</summary>
        public string Says => Setting.Key.Equals("DynamicUser", StringComparison.OrdinalIgnoreCase)
            ? $"DynamicUser={Setting.Value.Trim()}, implying PrivateTmp=,"
            : $"PrivateTmp={Setting.Value.Trim()}";

        /// <summary>The folder the advice moves the socket to: <c>/run/NAME</c>, with the unit's name.</summary>
        public string RunFolder => "/run/" + RuntimeName;

        /// <summary>The name for <c>RuntimeDirectory=</c>: the unit's name without <c>.service</c> (and an instance's
        /// <c>@</c> part).</summary>
        public string RuntimeName
        {
            get
            {
                var name = Service.UnitName.EndsWith(".service", StringComparison.Ordinal) ? Service.UnitName[..^".service".Length] : Service.UnitName;
                return name.Replace('@', '-');
            }
        }

        /// <summary>The advice: a folder both sides see, or no private <c>/tmp</c>; both are the operator's choice.</summary>
        public string Advice(string frontEndDirective)
        {
            var file = Path.GetFileName(Listener.Endpoint.Path) is { Length: > 0 } leaf ? leaf : "app.sock";
            var drop = Setting.Key.Equals("DynamicUser", StringComparison.OrdinalIgnoreCase)
                ? "DynamicUser= cannot leave /tmp shared, so the socket has to move"
                : $"or remove PrivateTmp= from {Service.UnitName}";
            return $"Give the socket a folder the proxy and the service both see: RuntimeDirectory={RuntimeName} in {Service.UnitName}, bind it at unix:{RunFolder}/{file}, and point {frontEndDirective} at that path; {drop}";
        }
    }

    /// <summary>Whether a path is under <c>/tmp/</c> or <c>/var/tmp/</c> (the folders <c>PrivateTmp=</c> replaces); a path
    /// with <c>.</c> or <c>..</c> parts is not judged.</summary>
    public static bool InTmp(string? path) =>
        path is not null && !path.Contains("/./", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal)
        && (path.StartsWith("/tmp/", StringComparison.Ordinal) || path.StartsWith("/var/tmp/", StringComparison.Ordinal));

    /// <summary>The entry that gives the service a private <c>/tmp</c>: <c>PrivateTmp=</c> true or <c>disconnected</c>, or
    /// <c>DynamicUser=</c> true (which implies it whatever <c>PrivateTmp=</c> says); null when neither does.</summary>
    public static SystemdEntry? Setting(ServiceBackEnd service)
    {
        if (service.Unit.EffectiveEntry("Service", "PrivateTmp") is { } privateTmp
            && (SystemdText.IsTrue(privateTmp.Value) || privateTmp.Value.Trim().Equals("disconnected", StringComparison.OrdinalIgnoreCase)))
        {
            return privateTmp;
        }

        return DynamicUser(service.Unit);
    }

    /// <summary>The unit's <c>DynamicUser=</c> entry where it is true; null otherwise.</summary>
    public static SystemdEntry? DynamicUser(Workspace.Systemd.MergedUnit unit) =>
        unit.EffectiveEntry("Service", "DynamicUser") is { } dynamic && SystemdText.IsTrue(dynamic.Value) ? dynamic : null;

    /// <summary>The listener, when it is a Unix socket under the private <c>/tmp</c> of the service that runs the back end
    /// (not a socket unit's: systemd binds those on the host); null otherwise. <paramref name="unjudged"/> says why it was
    /// not judged where the service shares its namespace (<c>JoinsNamespaceOf=</c>) or has a folder bound onto
    /// <c>/tmp</c> or <c>/var/tmp</c> (<c>BindPaths=</c>).</summary>
    public static Hidden? Of(HostModel host, BackEnd backEnd, EndpointSite listener, out string? unjudged)
    {
        unjudged = null;
        if (listener.Endpoint.Kind != EndpointKind.Unix || !InTmp(listener.Endpoint.Path) || backEnd is SocketBackEnd
            || host.ServiceOf(backEnd) is not { } service || Setting(service) is not { } setting)
        {
            return null;
        }

        // A socket unit of the service's that listens at the same path: systemd made it on the host, and hands it over.
        if (service.Sockets.Any(s => s.Listeners.Any(l => l.Endpoint.Accepts(listener.Endpoint))))
        {
            return null;
        }

        // Units that share the namespace (JoinsNamespaceOf=) share the private /tmp as well.
        var joins = service.Unit.GetAll("Unit", "JoinsNamespaceOf").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var joined = host.ServiceUnits.Values.Where(u => u.Unit.Name != service.UnitName
            && u.Unit.GetAll("Unit", "JoinsNamespaceOf").Any(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(service.UnitName, StringComparer.Ordinal)))
            .Select(u => u.Unit.Name).ToList();
        if (joins.Count > 0 || joined.Count > 0)
        {
            unjudged = $"{service.UnitName} has a private /tmp ({setting.Key}={setting.Value.Trim()}) that it shares with {string.Join(", ", joins.Concat(joined))} (JoinsNamespaceOf=), so who sees {listener.Endpoint.Path} is not judged";
            return null;
        }

        foreach (var key in new[] { "BindPaths", "BindReadOnlyPaths" })
        {
            foreach (var value in service.Unit.GetAll("Service", key))
            {
                foreach (var item in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = item.TrimStart('-').Split(':');
                    var destination = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0];
                    if (destination is "/tmp" or "/var/tmp" || InTmp(destination) || InTmp(destination + "/"))
                    {
                        unjudged = $"{service.UnitName} has a private /tmp ({setting.Key}={setting.Value.Trim()}) with {key}={item} bound into it, so who sees {listener.Endpoint.Path} is not judged";
                        return null;
                    }
                }
            }
        }

        return new Hidden(backEnd, listener, service, setting);
    }

    /// <summary>The listeners at <paramref name="endpoint"/> when every back end listening there has it in its service's
    /// private <c>/tmp</c> (so nothing outside those services reaches it); null when any listener is reachable, or none is
    /// there. <paramref name="unjudged"/> as in <see cref="Of"/>.</summary>
    public static IReadOnlyList<Hidden>? At(HostModel host, Endpoint endpoint, out string? unjudged)
    {
        unjudged = null;
        if (endpoint.Kind != EndpointKind.Unix || !InTmp(endpoint.Path) || host.Providers(endpoint) is not { Count: > 0 } providers)
        {
            return null;
        }

        var hidden = new List<Hidden>();
        foreach (var provider in providers)
        {
            var found = false;
            foreach (var listener in provider.Listeners)
            {
                if (!listener.Endpoint.Accepts(endpoint))
                {
                    continue;
                }

                if (Of(host, provider, listener, out var why) is not { } one)
                {
                    unjudged ??= why;
                    return null;
                }

                hidden.Add(one);
                found = true;
            }

            if (!found)
            {
                return null;
            }
        }

        return hidden;
    }
}
