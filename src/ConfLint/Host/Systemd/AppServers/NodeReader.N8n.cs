using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// n8n (n8n-io/n8n), installed with <c>npm install -g n8n</c>: the package's launcher <c>bin/n8n</c> (a
/// <c>#!/usr/bin/env node</c> script, linked as <c>/usr/bin/n8n</c>), run as <c>n8n start</c> or <c>node
/// PATH/node_modules/n8n/bin/n8n start</c>. The launcher loads a <c>.env</c> of the working folder with dotenv (which never
/// replaces a variable already set), then the configuration from the environment (packages/@n8n/config: <c>GlobalConfig</c>,
/// each <c>@Env</c> variable, or the file its <c>NAME_FILE</c> names where the variable is unset or empty) and the JSON files
/// <c>N8N_CONFIG_FILES</c> names. The main server (<c>start</c>, and the <c>webhook</c> process) listens on <c>N8N_PORT</c>
/// (5678) at <c>N8N_LISTEN_ADDRESS</c> (<c>::</c>; 0.0.0.0 in older releases, a wildcard either way). n8n reads neither
/// <c>PORT</c> nor a <c>--port</c> option. <c>EXECUTIONS_TIMEOUT</c> stops a workflow's run, not an HTTP request (a
/// webhook may answer at once, and a workflow may set its own limit up to <c>EXECUTIONS_TIMEOUT_MAX</c>): it is not read
/// as a request timeout.
/// </summary>
internal sealed partial class NodeReader
{
    /// <summary>The words after n8n's launcher where the command runs it; null for another program.</summary>
    private static IReadOnlyList<SystemdWord>? N8n(AppServer server, AppServerContext context)
    {
        if (server.Program == "n8n")
        {
            return context.Command.Arguments;
        }

        return ScriptAt(server, context) is ({ } index, _, { Package: "n8n", Path: var path }) && path.EndsWith("/n8n/bin/n8n", StringComparison.Ordinal)
            ? context.Command.Arguments.Skip(index + 1).ToList()
            : null;
    }

    private static void ReadN8n(AppServer server, AppServerContext context, IReadOnlyList<SystemdWord> arguments)
    {
        // oclif's command: none is `start`; `webhook` is a webhook process on the same port; `worker` and the CLI's other
        // commands run no main server.
        var command = arguments.Select(a => a.Value).FirstOrDefault(a => !a.StartsWith('-')) ?? "start";
        if (command is not ("start" or "webhook"))
        {
            server.Unknown($"n8n {command} is not n8n's main server (start) nor a webhook process: ConfLint does not read where it listens");
            return;
        }

        var folder = context.WorkingDirectory is { Length: > 0 } wd ? wd : "/";
        if (folder.Contains('$'))
        {
            server.Unknown("n8n loads .env from its working folder, which ConfLint cannot place");
            return;
        }

        var configFiles = context.Variable("N8N_CONFIG_FILES", out var configFilesKnown);
        if (!configFilesKnown || configFiles is { Length: > 0 })
        {
            server.Unknown($"n8n reads the JSON settings N8N_CONFIG_FILES names{(configFiles is { Length: > 0 } ? $" ({configFiles})" : string.Empty)}, which may set its port");
            return;
        }

        var dotenv = HostFiles.Absolute(".env", folder);
        var hasDotenv = context.Files?.Exists(dotenv) ?? true;
        var port = N8nSetting(server, context, "N8N_PORT", hasDotenv ? dotenv : null);
        var address = N8nSetting(server, context, "N8N_LISTEN_ADDRESS", hasDotenv ? dotenv : null);
        if (!port.Known || !address.Known)
        {
            return;
        }

        var (portSetting, addressSetting) = (port.Value, address.Value);
        var portText = portSetting ?? "5678";
        var host = addressSetting ?? "::";
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || AppServer.HostAndPort(host, number) is not { } endpoint)
        {
            server.Unknown($"n8n's address {host} port {portText} is not one ConfLint can place");
            return;
        }

        var note = (portSetting, addressSetting) switch
        {
            ({ } p, { } a) => $"n8n: N8N_PORT={p} and N8N_LISTEN_ADDRESS={a} in the environment",
            ({ } p, null) => $"n8n: N8N_PORT={p} in the environment, its default address ::",
            (null, { } a) => $"n8n: its default port 5678, N8N_LISTEN_ADDRESS={a} in the environment",
            _ => "n8n's defaults, port 5678 at ::",
        };
        if (portSetting is not null && context.EnvironmentAt?.GetValueOrDefault("N8N_PORT") is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, null, BackendProtocol.Http, note);
        }
    }

    /// <summary>One of n8n's variables: its value (null for unset or empty, where n8n takes its default), or not known
    /// (with the reason recorded) where it may come from where ConfLint cannot see: the environment is not all known, its
    /// <c>NAME_FILE</c> is set, or the working folder's <c>.env</c> may set it.</summary>
    private static (bool Known, string? Value) N8nSetting(AppServer server, AppServerContext context, string name, string? dotenv)
    {
        var value = context.Variable(name, out var known);
        if (!known)
        {
            server.Unknown($"n8n's {name} may be set where ConfLint cannot see it");
            return (false, null);
        }

        if (value is { Length: > 0 })
        {
            return (true, value.Trim());
        }

        if (context.Variable(name + "_FILE", out var fileKnown) is { Length: > 0 } || !fileKnown)
        {
            server.Unknown($"n8n reads {name} from the file {name}_FILE names, which ConfLint does not read");
            return (false, null);
        }

        if (dotenv is not null)
        {
            server.Unknown($"n8n loads {dotenv} (dotenv), which may set {name}");
            return (false, null);
        }

        return (true, null);
    }
}
