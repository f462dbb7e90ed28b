using System.Net;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Proxmox VE's API and web interface daemon, <c>pveproxy start</c> (pve-manager's pveproxy.service), read as
/// PVE/Service/pveproxy.pm and pve-http-server read their settings. It listens on port 8006, compiled in
/// (<c>create_reusable_socket(8006, LISTEN_IP)</c>), and speaks HTTPS only: the server is always given its TLS context, and
/// a plain HTTP request is answered with a 301/308 to <c>https://</c> on its Host header (AnyEvent.pm's
/// <c>ensure_tls_connection</c>). <c>read_proxy_config</c> (PVE/APIServer/Utils.pm) has bash source
/// <c>/etc/default/pveproxy</c> (when the file is there) with pveproxy's environment and echo <c>LISTEN_IP</c>,
/// <c>ALLOW_FROM</c>, <c>DENY_FROM</c>, <c>POLICY</c>...; an empty value counts as unset. <c>LISTEN_IP</c> set binds that
/// address (IO::Socket::IP's <c>LocalHost</c>); unset, pve-common's PVE/Daemon.pm binds <c>::</c> (IPv4 clients arrive
/// mapped, with Linux's default <c>net.ipv6.bindv6only = 0</c>) and falls back to 0.0.0.0 where the kernel has no IPv6
/// (<c>ipv6.disable=1</c> on its command line, as the boot loader's configuration gives it). The access list is kept for
/// CL016 (<see cref="PveproxyAccess"/>). A value bash computes, a file ConfLint cannot see, a host name or a zone in
/// <c>LISTEN_IP</c>, or <c>bindv6only = 1</c> (an IPv6-only socket, which ConfLint does not place) leave the address
/// unknown.
/// </summary>
internal sealed class PveproxyReader : AppServerReader
{
    /// <summary>pveproxy's port (PVE/Service/pveproxy.pm).</summary>
    public const int Port = 8006;

    private static readonly string[] Variables = ["LISTEN_IP", "ALLOW_FROM", "DENY_FROM", "POLICY"];

    private const string TlsEvidence = "PVE/Service/pveproxy.pm always gives it a TLS context, and no setting serves plain HTTP; a plain HTTP request gets a 301/308 to https:// on its Host header";

    public override void Read(AppServer server, AppServerContext context)
    {
        if (context.Files is not { } files)
        {
            server.Unknown($"pveproxy reads {PveproxyAccess.File}, which ConfLint cannot see");
            return;
        }

        if (Settings(server, context, files, out var source) is not { } settings)
        {
            return;
        }

        server.PveproxyAccess = Access(settings, source);
        var listen = settings["LISTEN_IP"];
        if (listen.Setting.Value is null && listen.Known)
        {
            AddEveryAddress(server, files);
        }
        else if (!listen.Known)
        {
            server.Unknown($"pveproxy's LISTEN_IP ({listen.Why}) is not known");
        }
        else if (IPAddress.TryParse(listen.Setting.Value, out var address) && !listen.Setting.Value.Contains('%'))
        {
            var endpoint = Endpoint.Tcp(address.ToString(), Port);
            var note = $"pveproxy: port {Port} (compiled in), {listen.Setting.Describe()}";
            if (listen.Setting.ValueAt is { } at)
            {
                server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
            }
            else
            {
                server.AddBind(endpoint, null, BackendProtocol.Http, note);
            }
        }
        else
        {
            server.Unknown($"pveproxy's {listen.Setting.Describe()} is no address ConfLint places (a host name, or a link-local address with its interface)");
        }

        server.SetTls(TlsFact.Yes, TlsEvidence);
    }

    /// <summary>Unset LISTEN_IP: <c>::</c>, or 0.0.0.0 where the kernel has no IPv6; unknown with <c>bindv6only = 1</c>.</summary>
    private static void AddEveryAddress(AppServer server, HostFiles files)
    {
        if (KernelNetworking.Ipv6Disabled(files) is { } disabled)
        {
            server.AddBind(Endpoint.Tcp("0.0.0.0", Port), null, BackendProtocol.Http, $"pveproxy: port {Port} (compiled in), every IPv4 address (LISTEN_IP unset; {disabled}, so PVE::Daemon's bind on :: fails and it binds 0.0.0.0)");
            return;
        }

        if (BindV6Only(files) is { } v6Only)
        {
            server.Unknown($"pveproxy binds :: (LISTEN_IP unset) where {v6Only}: an IPv6-only socket, which ConfLint does not place");
            return;
        }

        server.AddBind(Endpoint.Tcp("::", Port), null, BackendProtocol.Http, $"pveproxy: port {Port} (compiled in), every address (LISTEN_IP unset: PVE::Daemon binds ::, IPv4 clients too)");
    }

    /// <summary>The access list, or why it cannot be read as pveproxy reads it.</summary>
    private static PveproxyAccess Access(Dictionary<string, (PveproxyAccess.Setting Setting, bool Known, string? Why)> settings, SourceText? source)
    {
        var (allow, deny, policy) = (settings["ALLOW_FROM"], settings["DENY_FROM"], settings["POLICY"]);
        string? unreadable = null;
        List<PveproxyAccess.Range>? allowFrom = null;
        List<PveproxyAccess.Range>? denyFrom = null;
        foreach (var (name, value) in new[] { ("ALLOW_FROM", allow), ("DENY_FROM", deny), ("POLICY", policy) })
        {
            if (!value.Known)
            {
                unreadable ??= $"{name} ({value.Why}) is not known";
            }
        }

        if (unreadable is null && policy.Setting.Value is { } written && written is not ("allow" or "deny"))
        {
            unreadable = $"{policy.Setting.Describe()} is neither allow nor deny (read_proxy_config dies on it: \"unknown policy\", and pveproxy does not start)";
        }

        if (unreadable is null)
        {
            allowFrom = PveproxyAccess.ParseList(allow.Setting.Value, out var badAllow);
            denyFrom = PveproxyAccess.ParseList(deny.Setting.Value, out var badDeny);
            if ((badAllow ?? badDeny) is { } bad)
            {
                unreadable = $"'{bad}' in {(badAllow is not null ? allow : deny).Setting.Describe()} is no address, prefix or range ConfLint reads as Net::IP does (a piece Net::IP refuses stops pveproxy at start)";
            }
        }

        return new PveproxyAccess(allow.Setting, deny.Setting, policy.Setting, allowFrom ?? [], denyFrom ?? [], source) { Unreadable = unreadable };
    }

    /// <summary>LISTEN_IP, ALLOW_FROM, DENY_FROM and POLICY as bash leaves them after sourcing <c>/etc/default/pveproxy</c>
    /// with pveproxy's environment; null (unknown, said) where the file cannot be read. <paramref name="source"/> is the
    /// file's text, null where the root has no such file.</summary>
    private static Dictionary<string, (PveproxyAccess.Setting Setting, bool Known, string? Why)>? Settings(AppServer server, AppServerContext context, HostFiles files, out SourceText? source)
    {
        var path = PveproxyAccess.File;
        var result = new Dictionary<string, (PveproxyAccess.Setting, bool, string?)>(StringComparer.Ordinal);
        source = files.Read(path);
        if (source is null)
        {
            if (context.UnseenFiles || files.Exists(path))
            {
                server.Unknown($"pveproxy reads {path}, which ConfLint cannot read");
                return null;
            }

            // read_proxy_config reads nothing without the file: the defaults, or what pveproxy's environment holds.
            foreach (var name in Variables)
            {
                var value = context.Variable(name, out var known);
                result[name] = (new PveproxyAccess.Setting(name, value is { Length: > 0 } ? value : null, null, null, null), known, known ? null : "pveproxy's environment may set it");
            }

            return result;
        }

        server.ConfigFiles.Add(source.File);
        var syntax = ShellSyntax.Parse(source.Text);
        if (syntax.Error is { } error)
        {
            server.Unknown($"{path} is not shell ConfLint reads ({error})");
            return null;
        }

        var after = ShellScript.VariablesAfter(syntax.Commands, context.Environment, context.EnvironmentComplete);
        var written = Assignments(syntax.Commands);
        foreach (var name in Variables)
        {
            var known = !after.AllUnknown && !after.Unknown.Contains(name) && (after.Variables.ContainsKey(name) || context.EnvironmentComplete);
            var value = known ? after.Variables.GetValueOrDefault(name) : null;
            Location? at = null;
            Location? valueAt = null;
            string? raw = null;
            var assigned = written.TryGetValue(name, out var assignment);
            if (assigned)
            {
                (at, valueAt) = Place(source, assignment.Line, name, assignment.Raw);
                raw = assignment.Raw;
            }

            var why = known ? null
                : after.AllUnknown ? $"{path} runs commands whose effect ConfLint does not work out"
                : assigned ? $"{path}:{assignment.Line} gives it a value bash computes"
                : "pveproxy's environment may set it";
            result[name] = (new PveproxyAccess.Setting(name, value is { Length: > 0 } ? value : null, at, valueAt, raw), known, why);
        }

        return result;
    }

    /// <summary>The last assignment of each variable at the file's top level (<c>NAME=VALUE</c>, <c>export NAME=VALUE</c>):
    /// its line and its value as written.</summary>
    private static Dictionary<string, (int Line, string Raw)> Assignments(IReadOnlyList<ShellCommand> commands)
    {
        var found = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (command.Nested)
            {
                continue;
            }

            foreach (var (name, value, _) in command.Assignments)
            {
                if (command.Words.Count == 0)
                {
                    found[name] = (command.Line, value.Raw);
                }
            }

            if (command.Words.Count > 1 && command.Words[0].Literal == "export")
            {
                foreach (var word in command.Words.Skip(1))
                {
                    if (ShellSyntax.AsAssignment(word, operand: true) is var (name, value, _))
                    {
                        found[name] = (command.Line, value.Raw);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Where an assignment is (its line, from the name on) and its value as written, where both are on that line.</summary>
    private static (Location At, Location? ValueAt) Place(SourceText source, int line, string name, string raw)
    {
        var span = source.GetLineSpan(Math.Clamp(line, 1, source.LineCount));
        var text = source.ToString(span);
        var start = text.IndexOf(name + "=", StringComparison.Ordinal);
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] != ';')
        {
            start = text.IndexOf(name + "=", start + 1, StringComparison.Ordinal);
        }

        if (start < 0)
        {
            return (HostFiles.At(source, span.Start, span.Length), null);
        }

        var valueStart = start + name.Length + 1;
        var at = HostFiles.At(source, span.Start + start, text.Length - start);
        var fits = raw.Length > 0 && string.CompareOrdinal(text, valueStart, raw, 0, raw.Length) == 0;
        return (at, fits ? HostFiles.At(source, span.Start + valueStart, raw.Length) : null);
    }

    /// <summary>What sets <c>net.ipv6.bindv6only = 1</c>: the last setting of it in <c>/etc/sysctl.d/*.conf</c> then
    /// <c>/etc/sysctl.conf</c> (systemd-sysctl's order for these); null where it is Linux's default 0.</summary>
    private static string? BindV6Only(HostFiles files)
    {
        string? last = null;
        foreach (var path in files.FilesIn("/etc/sysctl.d", ".conf").Append("/etc/sysctl.conf"))
        {
            if (files.Read(path) is not { } text)
            {
                continue;
            }

            for (var line = 1; line <= text.LineCount; line++)
            {
                var entry = text.GetLineText(line).Trim();
                var equals = entry.IndexOf('=');
                if (equals > 0 && entry[0] is not ('#' or ';') && entry[..equals].Trim().TrimStart('-').Replace('/', '.') == "net.ipv6.bindv6only")
                {
                    last = entry[(equals + 1)..].Trim() == "1" ? $"{path}:{line} sets net.ipv6.bindv6only = 1" : null;
                }
            }
        }

        return last;
    }
}
