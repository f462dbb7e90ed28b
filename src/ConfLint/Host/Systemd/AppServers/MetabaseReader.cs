namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Metabase run as <c>java [JVM options] -jar metabase.jar</c>: its Jetty listens on <c>MB_JETTY_HOST</c>
/// (<c>localhost</c>) and <c>MB_JETTY_PORT</c> (3000), read through the environ library, where a Java system property of
/// the JVM options (<c>-Dmb.jetty.port=3001</c>) comes before the environment variable. The words given to this reader
/// are the JVM's, up to the jar. Where the unit's environment is not all known, the address is unknown.
/// </summary>
internal sealed class MetabaseReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var host = Setting(context, "host", "localhost");
        var port = Setting(context, "port", "3000");
        if (host is null || port is null)
        {
            server.Unknown("MB_JETTY_HOST or MB_JETTY_PORT may be set where ConfLint cannot see it");
            return;
        }

        if (!int.TryParse(port.Value.Value, out var number) || AppServer.HostAndPort(host.Value.Value, number) is not { } endpoint)
        {
            server.Unknown($"Metabase's address {host.Value.Value}:{port.Value.Value} is not one ConfLint can place");
            return;
        }

        var note = $"Metabase's Jetty: {host.Value.Source}, {port.Value.Source}";
        var written = port.Value.Word is null ? context.EnvironmentAt?.GetValueOrDefault("MB_JETTY_PORT") : null;
        if (written is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, port.Value.Word ?? host.Value.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary>A Jetty setting: the system property, else the variable, else the default; null when the variable may be
    /// set where ConfLint cannot see it.</summary>
    private static (string Value, string Source, Syntax.Systemd.SystemdWord? Word)? Setting(AppServerContext context, string key, string fallback)
    {
        var property = $"-Dmb.jetty.{key}=";
        if (context.Command.Arguments.LastOrDefault(a => a.Value.StartsWith(property, StringComparison.Ordinal)) is { Value: not null } word)
        {
            return (word.Value[property.Length..], word.Value, word);
        }

        var variable = $"MB_JETTY_{key.ToUpperInvariant()}";
        var value = context.Variable(variable, out var known);
        if (!known)
        {
            return null;
        }

        return value is { Length: > 0 } ? (value.Trim(), $"{variable}={value.Trim()} in the environment", null) : (fallback, $"the default {variable} {fallback}", null);
    }
}
