using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Streamlit (<c>streamlit run SCRIPT [options] [-- script args]</c>, also <c>python -m streamlit run</c>): its Tornado
/// server listens on <c>server.address</c> (unset: every address) and <c>server.port</c> (8501) and serves under
/// <c>server.baseUrlPath</c>, each taken, as its
/// documentation orders them, from the command line's <c>--server.port 8502</c> (or <c>=8502</c>), else
/// <c>STREAMLIT_SERVER_PORT</c>, else the project's <c>.streamlit/config.toml</c> of the folder it runs in, else the
/// user's <c>~/.streamlit/config.toml</c> (the home of the unit's user). Where no source sets the port, Streamlit
/// takes 8501 or, when that is taken, the next free one (server.py's <c>start_listening</c>): unknown here. A port set
/// by hand that is taken stops it at start. A file ConfLint cannot see, or a value it cannot read, leaves it unknown.
/// </summary>
internal sealed class StreamlitReader : AppServerReader
{
    private sealed record Given(string Text, string Source, SystemdWord? Word, Location? At);

    public override void Read(AppServer server, AppServerContext context)
    {
        var files = new List<(string Path, Dictionary<string, (string Value, Location At)>? Keys)>();
        if (!Files(server, context, files))
        {
            return;
        }

        var port = Setting(server, context, files, "port");
        var address = Setting(server, context, files, "address");
        if (!port.Known || !address.Known)
        {
            return;
        }

        if (port.Value is not { } given)
        {
            server.Unknown("Streamlit is given no server.port: it takes 8501, or the next free port when that is taken");
            return;
        }

        var host = address.Value?.Text is { Length: > 0 } named ? named : "0.0.0.0";
        if (host == "localhost")
        {
            host = "127.0.0.1";
        }

        if (!int.TryParse(given.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || AppServer.HostAndPort(host, number) is not { } endpoint)
        {
            server.Unknown($"Streamlit's {given.Source} at {host} is not an address ConfLint can place");
            return;
        }

        // server.baseUrlPath: the path it serves under, its slashes stripped (server_util.get_url's make_url_path).
        var basePath = Setting(server, context, files, "baseUrlPath");
        if (basePath.Value?.Text.Trim('/') is { Length: > 0 } path)
        {
            server.ContextPath = ("/" + path, basePath.Value.Source);
        }

        var note = $"Streamlit: {given.Source}" + (address.Value is { } a ? $", {a.Source}" : ", every address (server.address unset)");
        if (given.At is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, given.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary>The project's file, then the user's, each read for its <c>[server]</c> keys; false (unknown) where one of
    /// them may exist but cannot be seen or read.</summary>
    private static bool Files(AppServer server, AppServerContext context, List<(string Path, Dictionary<string, (string Value, Location At)>? Keys)> found)
    {
        foreach (var (folder, what) in new[] { (context.WorkingDirectory, "the folder it runs in"), (context.Home, "its user's home") })
        {
            if (folder is null || folder.Contains('$') || !folder.StartsWith('/') || context.Files is null)
            {
                found.Add((what, null));
                continue;
            }

            var path = HostFiles.Absolute(".streamlit/config.toml", folder);
            if (context.Files.Read(path) is not { } source)
            {
                if (context.UnseenFiles)
                {
                    found.Add((path, null));
                }

                continue;
            }

            if (ServerKeys(source) is not { } keys)
            {
                server.Unknown($"{path} is TOML ConfLint does not read line by line (a multi-line value or table it cannot follow)");
                return false;
            }

            server.ConfigFiles.Add(source.File);
            found.Add((path, keys));
        }

        return true;
    }

    /// <summary>A setting: the command line, the environment, then the files in order; not known where a file that may set
    /// it could not be seen before one that sets it.</summary>
    private static (bool Known, Given? Value) Setting(AppServer server, AppServerContext context, List<(string Path, Dictionary<string, (string Value, Location At)>? Keys)> files, string key)
    {
        var option = "--server." + key;
        var words = context.Command.OptionValues(option).ToList();
        if (words.Count > 0)
        {
            var word = words[^1];
            return (true, new Given(word.Value, $"{option} {word.Value}", word, null));
        }

        var variable = "STREAMLIT_SERVER_" + key.ToUpperInvariant();
        var value = context.Variable(variable, out var known);
        if (!known)
        {
            server.Unknown($"Streamlit's {variable} may be set where ConfLint cannot see it");
            return (false, null);
        }

        if (value is not null)
        {
            return (true, new Given(value.Trim(), $"{variable}={value.Trim()} in the environment", null, context.EnvironmentAt?.GetValueOrDefault(variable)));
        }

        foreach (var (path, keys) in files)
        {
            if (keys is null)
            {
                server.Unknown($"Streamlit reads .streamlit/config.toml of {path}, which ConfLint cannot see");
                return (false, null);
            }

            if (keys.TryGetValue(key, out var set))
            {
                return (true, new Given(set.Value, $"{key} = {set.Value} in {path}", null, set.At));
            }
        }

        return (true, null);
    }

    /// <summary>The <c>port</c>, <c>address</c> and <c>baseUrlPath</c> keys of a config.toml's <c>[server]</c> table (or dotted
    /// <c>server.port</c> at the top), each the last one written, with where; null where the file holds a multi-line
    /// string or array ConfLint does not follow line by line, or one of these keys with a value that is not a plain
    /// integer or string.</summary>
    internal static Dictionary<string, (string Value, Location At)>? ServerKeys(SourceText source)
    {
        var keys = new Dictionary<string, (string, Location)>(StringComparer.Ordinal);
        var table = string.Empty;
        var text = source.Text;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var raw = text.Substring(span.Start, span.Length);
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                if (close < 0)
                {
                    return null;
                }

                table = trimmed.StartsWith("[[", StringComparison.Ordinal) ? "[array]" : trimmed[1..close].Trim().Replace(" ", string.Empty).Replace("\"", string.Empty);
                continue;
            }

            var equals = trimmed.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }

            var name = trimmed[..equals].Trim().Replace(" ", string.Empty).Replace("\"", string.Empty);
            var full = table.Length == 0 ? name : table + "." + name;
            var rest = trimmed[(equals + 1)..].Trim();
            if (rest.StartsWith("\"\"\"", StringComparison.Ordinal) || rest.StartsWith("'''", StringComparison.Ordinal)
                || (rest.StartsWith('[') && !ClosedOnLine(rest)))
            {
                // A multi-line string or array: its following lines are not keys.
                return null;
            }

            if (full is not ("server.port" or "server.address" or "server.baseUrlPath"))
            {
                continue;
            }

            if (Scalar(rest) is not { } value)
            {
                return null;
            }

            var start = span.Start + raw.IndexOf(trimmed, StringComparison.Ordinal);
            keys[full["server.".Length..]] = (value, HostFiles.At(source, start, trimmed.Length));
        }

        return keys;
    }

    private static bool ClosedOnLine(string value) => value.Count(c => c == '[') == value.Count(c => c == ']');

    /// <summary>A TOML integer or one-line string, without a trailing comment; null for anything else.</summary>
    private static string? Scalar(string value)
    {
        if (value.Length > 0 && value[0] is '"' or '\'')
        {
            var close = value.IndexOf(value[0], 1);
            if (close < 0 || (value[0] == '"' && value[1..close].Contains('\\')))
            {
                return null;
            }

            var after = value[(close + 1)..].Trim();
            return after.Length == 0 || after[0] == '#' ? value[1..close] : null;
        }

        var hash = value.IndexOf('#');
        var bare = (hash >= 0 ? value[..hash] : value).Trim().Replace("_", string.Empty);
        return bare.Length > 0 && bare.All(char.IsAsciiDigit) ? bare : null;
    }
}
