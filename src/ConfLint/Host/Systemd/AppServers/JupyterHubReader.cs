using System.Text.RegularExpressions;
using ConfLint.Diagnostics;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// JupyterHub: the address its proxy (configurable-http-proxy, started by the Hub) listens on for users. jupyterhub/app.py:
/// <c>bind_url</c>, default <c>http://:8000</c> (every address); <c>ip</c> and <c>port</c>, where set, take the place of
/// the URL's host and port. Settings come from the configuration file (<c>-f</c>/<c>--config</c>, else
/// <c>jupyterhub_config.py</c> in the working folder), then from the command line (<c>--ip</c>, <c>--port</c>,
/// <c>--JupyterHub.bind_url=</c>, <c>--JupyterHub.ip=</c>, <c>--JupyterHub.port=</c>). A file assignment read here is a
/// plain literal at the top level (<c>c.JupyterHub.bind_url = 'http://127.0.0.1:8080'</c>); anything else (computed,
/// inside a block, a loaded subconfig) leaves the address unknown, and so does a working folder ConfLint cannot see.
/// </summary>
internal sealed partial class JupyterHubReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var named = command.OptionValues("-f", "--config", "--JupyterHub.config_file").Select(w => w.Value).LastOrDefault();
        var settings = new Dictionary<string, (string Value, Location? At, string Where)>(StringComparer.Ordinal);
        if (named is not null || context.WorkingDirectory is not null)
        {
            var path = HostFiles.Absolute(named ?? "jupyterhub_config.py", context.WorkingDirectory ?? "/");
            if (path.Contains('$') || context.Files?.Read(path) is not { } source)
            {
                if (named is not null || context.UnseenFiles)
                {
                    server.Unknown($"JupyterHub's configuration file {path} is not in the root");
                    return;
                }
            }
            else if (!ReadFile(source, path, settings, out var why))
            {
                server.Unknown(why!);
                return;
            }
        }

        foreach (var (option, key) in new[] { ("--ip", "ip"), ("--JupyterHub.ip", "ip"), ("--port", "port"), ("--JupyterHub.port", "port"), ("--JupyterHub.bind_url", "bind_url") })
        {
            foreach (var word in command.OptionValues(option))
            {
                settings[key] = (word.Value.Trim('\'', '"'), null, $"{option} on the command line");
            }
        }

        var url = settings.GetValueOrDefault("bind_url").Value ?? "http://:8000";
        var rest = url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? url[(scheme + 3)..] : url;
        var authority = rest.IndexOf('/') is var slash and >= 0 ? rest[..slash] : rest;
        if (authority.Contains('$') || !Endpoint.TrySplitHostPort(authority.StartsWith(':') ? "0.0.0.0" + authority : authority.Length == 0 ? "0.0.0.0" : authority, url.StartsWith("https", StringComparison.Ordinal) ? 443 : 80, out var host, out var port))
        {
            server.Unknown($"JupyterHub's bind_url '{url}' names no fixed address");
            return;
        }

        if (settings.GetValueOrDefault("ip").Value is { } ip)
        {
            host = ip.Length == 0 ? "0.0.0.0" : ip;
        }

        if (settings.GetValueOrDefault("port").Value is { } portText)
        {
            if (!int.TryParse(portText, out port))
            {
                server.Unknown($"JupyterHub's port '{portText}' is not a number");
                return;
            }
        }

        // Located at the file's line where one set it (the command line's words are not the unit's text here).
        var endpoint = Endpoint.Tcp(host, port);
        if (settings.Values.FirstOrDefault(s => s.At is not null) is { At: { } at, Where: var where })
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, where);
        }
        else
        {
            server.AddBind(endpoint, null, BackendProtocol.Http, settings.Count > 0 ? settings.Values.First().Where : "JupyterHub's default bind_url http://:8000");
        }
    }

    /// <summary>The file's literal <c>c.JupyterHub.bind_url</c>, <c>ip</c> and <c>port</c>; false (with why) where one
    /// is computed or the file loads settings ConfLint cannot read.</summary>
    private static bool ReadFile(Text.SourceText source, string path, Dictionary<string, (string Value, Location? At, string Where)> settings, out string? why)
    {
        var text = source.Text;
        if (text.Contains("load_subconfig", StringComparison.Ordinal) || text.Contains("exec(", StringComparison.Ordinal))
        {
            why = $"{path} loads settings ConfLint cannot read";
            return false;
        }

        foreach (Match match in Assignment().Matches(text))
        {
            var key = match.Groups["key"].Value;
            var raw = match.Groups["value"].Value;
            var value = raw.Trim();
            var line = source.GetLinePosition(match.Index).Line;
            if (match.Groups["indent"].Length > 0)
            {
                why = $"c.JupyterHub.{key} in {path}:{line} is set inside a block";
                return false;
            }

            var literal = Literal().Match(value);
            if (!literal.Success)
            {
                why = $"c.JupyterHub.{key} in {path}:{line} is computed";
                return false;
            }

            var group = literal.Groups["string"].Success ? literal.Groups["string"] : literal.Groups["number"];
            settings[key] = (group.Value, HostFiles.At(source, match.Groups["value"].Index + (raw.Length - raw.TrimStart().Length) + group.Index, group.Length), $"c.JupyterHub.{key} in {path}:{line}");
        }

        why = null;
        return true;
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)c\.JupyterHub\.(?<key>bind_url|ip|port)[ \t]*=(?!=)(?<value>[^\r\n#]*)", RegexOptions.Multiline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^(?:['""](?<string>[^'""]*)['""]|(?<number>[0-9]+))\s*$")]
    private static partial Regex Literal();
}
