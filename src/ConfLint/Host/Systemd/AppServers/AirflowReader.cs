using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Apache Airflow 2's <c>airflow webserver</c> (airflow/cli/commands/webserver_command.py): it starts gunicorn with
/// <c>--bind HOSTNAME:PORT</c>, <c>--worker-class CLASS</c> and <c>--timeout WORKER_TIMEOUT</c> on its own command line,
/// so gunicorn's own files and <c>GUNICORN_CMD_ARGS</c> cannot change them. Each comes from the webserver's options
/// (<c>-H</c>/<c>--hostname</c>, <c>-p</c>/<c>--port</c>, <c>-k</c>/<c>--workerclass</c>, <c>-t</c>/<c>--worker-timeout</c>),
/// else from Airflow's configuration as <c>AirflowConfigParser.get</c> looks it up: the variable
/// <c>AIRFLOW__WEBSERVER__KEY</c>, then <c>[webserver] KEY</c> of the file <c>AIRFLOW_CONFIG</c> names (by default
/// <c>$AIRFLOW_HOME/airflow.cfg</c>), then the defaults: <c>web_server_host</c> 0.0.0.0, <c>web_server_port</c> 8080,
/// <c>worker_class</c> sync, <c>web_server_worker_timeout</c> 120. A certificate (<c>web_server_ssl_cert</c>) makes the
/// listener speak TLS. The file is read as Python's configparser reads it: <c>key = value</c> or <c>key: value</c>, keys
/// in any case, whole-line comments only. Where the file cannot be found in the root (no <c>AIRFLOW_HOME</c> or
/// <c>AIRFLOW_CONFIG</c> in the unit, a home folder outside it), or a value is interpolated or continued on the next
/// line, the address is unknown. Airflow 3 has no <c>webserver</c> command (its <c>api-server</c> is not read).
/// </summary>
internal sealed class AirflowReader : AppServerReader
{
    /// <summary>The program name under which the webserver is read.</summary>
    public const string Webserver = "airflow webserver";

    /// <summary>The keys read, their command-line options, and Airflow's defaults (config_templates/config.yml).</summary>
    private static readonly (string Key, string[] Options, string Default)[] Keys =
    [
        ("web_server_host", ["--hostname", "-H"], "0.0.0.0"),
        ("web_server_port", ["--port", "-p"], "8080"),
        ("worker_class", ["--workerclass", "-k"], "sync"),
        ("web_server_worker_timeout", ["--worker-timeout", "-t"], "120"),
        ("web_server_ssl_cert", ["--ssl-cert"], string.Empty),
    ];

    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word = null);

    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        if (command.Arguments.Any(a => a.Value is "-d" or "--debug"))
        {
            server.Unknown("airflow webserver --debug runs Flask's development server instead of gunicorn");
            return;
        }

        var settings = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var (key, _, shipped) in Keys)
        {
            settings[key] = new Setting(shipped, $"Airflow's default {key}", null);
        }

        if (!ReadFile(server, context, settings, out var why))
        {
            server.Unknown(why!);
            return;
        }

        foreach (var (key, options, _) in Keys)
        {
            var variable = "AIRFLOW__WEBSERVER__" + key.ToUpperInvariant();
            var value = context.Variable(variable, out var known);
            if (!known)
            {
                server.Unknown($"{variable} may be set where ConfLint cannot see it");
                return;
            }

            if (value is not null)
            {
                settings[key] = new Setting(value.Trim(), $"{variable} in the environment", context.EnvironmentAt?.GetValueOrDefault(variable));
            }

            if (command.OptionValues(options).LastOrDefault() is { Value: { Length: > 0 } } word)
            {
                settings[key] = new Setting(word.Value, $"{options[0]} {word.Value}", null, word);
            }
        }

        AddBind(server, settings);
        ReadTimeout(server, settings);
    }

    /// <summary>Merges <c>[webserver]</c> of the configuration file into <paramref name="settings"/>; false (with why)
    /// where the file cannot be found in the root or a value read here cannot be known.</summary>
    private static bool ReadFile(AppServer server, AppServerContext context, Dictionary<string, Setting> settings, out string? why)
    {
        var config = context.Variable("AIRFLOW_CONFIG", out var configKnown);
        var home = context.Variable("AIRFLOW_HOME", out var homeKnown);
        if (!configKnown || (config is null && !homeKnown))
        {
            why = "AIRFLOW_CONFIG or AIRFLOW_HOME may be set where ConfLint cannot see it";
            return false;
        }

        if (config is not { Length: > 0 } && home is not { Length: > 0 })
        {
            why = "the unit sets neither AIRFLOW_HOME nor AIRFLOW_CONFIG: Airflow reads airflow.cfg in the home folder of the service's user, ~/airflow";
            return false;
        }

        var path = config is { Length: > 0 } ? config : home!.TrimEnd('/') + "/airflow.cfg";
        if (path.Contains('$') || path.Contains('~') || !path.StartsWith('/'))
        {
            why = $"Airflow's configuration file {path} is not a path ConfLint can place";
            return false;
        }

        if (context.Files?.Read(path) is not { } source)
        {
            why = $"Airflow's configuration file {path} is not in the root";
            return false;
        }

        server.ConfigFiles.Add(source.File);
        return Merge(source, path, settings, out why);
    }

    /// <summary>The keys of <c>[webserver]</c>, read as configparser reads them (Airflow's parser keeps its defaults:
    /// <c>=</c> and <c>:</c> delimit, option names are folded to lower case, a line whose first non-blank character is
    /// <c>#</c> or <c>;</c> is a comment, an indented line continues the value before it). A key set twice is refused by
    /// configparser's strict mode.</summary>
    private static bool Merge(SourceText source, string path, Dictionary<string, Setting> settings, out string? why)
    {
        string? section = null;
        string? last = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.Text.Substring(span.Start, span.Length).TrimEnd('\r');
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (text[0] is ' ' or '\t' && last is not null)
            {
                why = $"{last} in {path}:{line - 1} continues on the next line";
                return false;
            }

            last = null;
            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                section = close > 0 ? trimmed[1..close] : section;
                continue;
            }

            var delimiter = trimmed.IndexOfAny(['=', ':']);
            if (delimiter <= 0 || section != "webserver")
            {
                continue;
            }

            var key = trimmed[..delimiter].Trim().ToLowerInvariant();
            if (!settings.ContainsKey(key))
            {
                continue;
            }

            if (!seen.Add(key))
            {
                why = $"{key} is set twice in [webserver] of {path}, which Airflow's configparser refuses";
                return false;
            }

            var value = trimmed[(delimiter + 1)..].Trim();
            if (value.Contains('%') || value.Contains('{'))
            {
                why = $"{key} in {path}:{line} is interpolated";
                return false;
            }

            last = key;
            var start = span.Start + text.IndexOf(trimmed, StringComparison.Ordinal);
            settings[key] = new Setting(value, $"{key} in {path}:{line}", HostFiles.At(source, start, trimmed.Length));
        }

        why = null;
        return true;
    }

    /// <summary>gunicorn's <c>--bind HOSTNAME:PORT</c>, located where the port (else the host) is written.</summary>
    private static void AddBind(AppServer server, Dictionary<string, Setting> settings)
    {
        var host = settings["web_server_host"];
        var port = settings["web_server_port"];
        if (!int.TryParse(port.Value, out var number) || host.Value.Length == 0 || AppServer.HostAndPort(host.Value, number) is not { } endpoint)
        {
            server.Unknown($"Airflow's webserver address {host.Value}:{port.Value} ({host.Source}, {port.Source}) is not one ConfLint can place");
            return;
        }

        var tls = settings["web_server_ssl_cert"] is { Value.Length: > 0 } cert ? $", TLS ({cert.Source})" : string.Empty;
        var hostText = host.Value.Contains(':') && !host.Value.StartsWith('[') ? $"[{host.Value}]" : host.Value;
        var note = $"airflow webserver binds {hostText}:{number} ({host.Source}, {port.Source}{tls})";
        var located = port.At is not null || port.Word is not null ? port : host;
        if (located.At is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, located.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary>gunicorn's <c>--timeout</c> limits a request only for its sync workers (see <see cref="GunicornReader"/>).</summary>
    private static void ReadTimeout(AppServer server, Dictionary<string, Setting> settings)
    {
        var workerClass = settings["worker_class"].Value;
        var timeout = settings["web_server_worker_timeout"];
        if (workerClass is not ("sync" or "gunicorn.workers.sync.SyncWorker") || !int.TryParse(timeout.Value, out var seconds) || seconds <= 0)
        {
            return;
        }

        server.RequestTimeout = Duration.FromSeconds(seconds);
        server.RequestTimeoutAt = timeout.At ?? (timeout.Word is { } word ? server.LocationOf(word) : null);
        server.RequestTimeoutSetting = timeout.At is null && timeout.Word is null
            ? $"{timeout.Source}, gunicorn's --timeout for its sync workers"
            : $"web_server_worker_timeout, gunicorn's --timeout for its sync workers: {timeout.Source}";
    }
}
