using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Haproxy;
using ConfLint.Rules.Support;

namespace ConfLint.Rules.Haproxy;

/// <summary>
/// CL004 for HAProxy: a <c>server</c> (or <c>server-template</c>) whose address is a hostname and that names no
/// <c>resolvers</c> section (neither on its line nor through <c>default-server</c>): HAProxy resolves it once, at start
/// (<c>init-addr last,libc</c> by default), and keeps that address. Names /etc/hosts fixes are harmless.
/// </summary>
internal static class HaproxyResolution
{
    public static IEnumerable<Finding> Check(RuleContext context, string? resolverOption)
    {
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not HaproxyPass { Instance: var instance, Proxy: var proxy, Server: var server }
                || server.Target is not { Name: { } name, HasVariable: false } || context.Host.Resolution.Classify(name) != NameResolution.Dns || server.ResolvesAtRunTime)
            {
                continue;
            }

            var initAddr = server.Parameter("init-addr") ?? "last,libc";
            var methods = initAddr.Split(',');
            var message = !methods.Contains("libc") && !methods.Contains("last")
                ? $"{frontEnd.DirectiveName} {server.Address}: '{name}' is never resolved (init-addr {initAddr} and no 'resolvers' on the server): the server keeps no address and every request gets 503"
                : $"{frontEnd.DirectiveName} {server.Address}: '{name}' is resolved once, when HAProxy starts (init-addr {initAddr}, no 'resolvers' on the server); " +
                  "when its address changes HAProxy keeps connecting to the old one (503) until a reload, and " +
                  (methods.Contains("none") ? "if it does not resolve at start HAProxy starts with the server down (503)" : "if it does not resolve at start HAProxy does not start");
            yield return new Finding(server.AddressToken!.Value.Location, message, [], CreateFix(context.Host.Resolution, resolverOption, instance, proxy, server));
        }
    }

    /// <summary>Name the host's only resolvers section on the server line; without one, add a section that reads
    /// /etc/resolv.conf. Unsafe either way: whether those nameservers know the name is not in the configuration. With
    /// several sections, which one knows the name cannot be told: no fix.</summary>
    private static Fix? CreateFix(HostResolution names, string? resolverOption, HaproxyInstance instance, HaproxyProxy proxy, HaproxyServer server)
    {
        if (instance.Resolvers.Count > 1)
        {
            return null;
        }

        var file = server.Setting.File;
        if (instance.Resolvers.Count == 1)
        {
            var only = instance.Resolvers[0].Name;
            return new Fix($"Resolve {server.Target!.Name} at run time: add 'resolvers {only}' to the server", Applicability.Unsafe,
                [HaproxyEdits.AppendWords(file, server.Setting.Line, "resolvers " + only)]);
        }

        // The name servers: the root's resolv.conf (HAProxy refuses parse-resolv-conf without one), else the rule's
        // resolver option, else Docker's embedded DNS in a container; a root that says nothing gets no fix.
        var (source, nameserver) = names.ResolvConfRead ? ("reads /etc/resolv.conf", "parse-resolv-conf")
            : resolverOption is { } chosen ? ($"asks {chosen} (the rule's resolver option)", $"nameserver dns1 {WithPort(chosen)}")
            : names.IsContainer ? ("asks Docker's embedded DNS", $"nameserver docker {HostResolution.DockerResolver}:53")
            : (null, null);
        if (nameserver is null)
        {
            return null;
        }

        const string name = "dns";
        return HaproxyEdits.InsertSectionBefore(proxy.File, proxy.Section, $"resolvers {name}", [nameserver, "hold valid 10s"]) is { } section
            ? new Fix($"Resolve {server.Target!.Name} at run time: add a 'resolvers {name}' section that {source} and name it on the server", Applicability.Unsafe,
                [section, HaproxyEdits.AppendWords(file, server.Setting.Line, "resolvers " + name)])
            : null;
    }

    /// <summary>A name server address with HAProxy's port: <c>10.0.0.2</c> becomes <c>10.0.0.2:53</c>, <c>[::1]</c> <c>[::1]:53</c>.</summary>
    private static string WithPort(string address) =>
        address.StartsWith('[') ? (address.EndsWith(']') ? address + ":53" : address)
        : address.Count(c => c == ':') == 1 ? address
        : address.Contains(':') ? $"[{address}]:53" : address + ":53";
}
