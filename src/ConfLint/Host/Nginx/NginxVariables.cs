using ConfLint.Syntax.Nginx;

namespace ConfLint.Host.Nginx;

/// <summary>
/// What an nginx variable can hold at a level, as far as the configuration says: the values of <c>set</c>
/// on the way up, or of a <c>map</c> that defines it. Variables nginx fills from the request (<c>$host</c>,
/// <c>$http_*</c>, <c>$arg_*</c>, <c>$cookie_*</c>) hold whatever the client sends.
/// </summary>
public static class NginxVariables
{
    private static readonly string[] RequestPrefixes = ["http_", "arg_", "cookie_", "sent_http_"];

    private static readonly HashSet<string> RequestVariables = new(StringComparer.Ordinal)
    {
        "host", "server_name", "hostname", "request_uri", "uri", "remote_addr", "http_host", "proxy_host",
    };

    public static bool IsFromRequest(string name) =>
        RequestVariables.Contains(name) || RequestPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The literal values the variable can take, or null when the configuration does not say.</summary>
    public static IReadOnlyList<string>? ValuesOf(NginxInstance instance, NginxScope scope, string name)
    {
        var values = new List<string>();
        for (var level = scope; level is not null; level = level.Parent)
        {
            foreach (var (directive, _) in level.Settings)
            {
                if (directive.Name == "set" && directive.Args.Count == 2 && directive.Args[0] == "$" + name)
                {
                    values.Add(directive.Args[1]);
                }
            }
        }

        foreach (var map in instance.Scopes.Where(s => s.IsBlock("map") && s.Directive is { Args.Count: 2 } d && d.Args[1] == "$" + name))
        {
            values.AddRange(map.Settings.Select(s => s.Directive).Where(d => d.Args.Count >= 1 && d.Name is not ("hostnames" or "volatile")).Select(d => d.Args[^1]));
        }

        return values.Count > 0 ? values : null;
    }
}
