using ConfLint.Syntax.Pm2;
using ConfLint.Workspace;

namespace ConfLint.Host.Pm2;

/// <summary>An app of a PM2 ecosystem file (<c>apps[]</c>), as far as the file writes it out as literals.</summary>
public sealed class Pm2BackEnd : BackEnd
{
    internal Pm2BackEnd(string app, JsObject settings, ConfigFile file)
        : base($"PM2 app '{app}'", file)
    {
        App = app;
        Settings = settings;
    }

    public string App { get; }

    /// <summary>The server its script runs (node, gunicorn...), with its binds; null when ConfLint does not read it.</summary>
    public Host.Systemd.AppServer? Server { get; internal set; }

    /// <summary>The app's object in <c>apps</c>: <c>script</c>, <c>args</c>, <c>exec_mode</c>, <c>instances</c>, <c>env</c>,
    /// <c>autorestart</c>, <c>max_memory_restart</c>, <c>cwd</c>.</summary>
    public JsObject Settings { get; }

    /// <summary><c>autorestart</c> when written as a literal <c>false</c> (PM2's default is true).</summary>
    public JsBoolean? AutoRestartOff => Settings.Member("autorestart")?.Value is JsBoolean { Value: false } off ? off : null;

    /// <summary>Whether PM2 runs its script with node (a <c>.js</c>, <c>.cjs</c> or <c>.mjs</c> script, or the node
    /// interpreter): an HTTP server, never an AJP one.</summary>
    public bool RunsNode { get; internal set; }

    public override BackendProtocol Protocol => BackendProtocol.Http;

    public override string Describe() => Name;
}
