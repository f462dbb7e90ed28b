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
        values.AddRange(SetsOf(scope, name).Where(d => d.Args.Count == 2).Select(d => d.Args[1]));
        foreach (var map in MapsOf(instance, name))
        {
            values.AddRange(map.Settings.Select(s => s.Directive).Where(d => d.Args.Count >= 1 && d.Name is not ("hostnames" or "volatile")).Select(d => d.Args[^1]));
        }

        return values.Count > 0 ? values : null;
    }

    /// <summary>
    /// The one literal value the variable holds when a request reaches <paramref name="scope"/>, with the <c>set</c> that
    /// gives it, by nginx's rewrite phases: the server's <c>set</c>s run first (server rewrite phase), then those of the
    /// location the request ends in (its own only: ngx_http_rewrite_merge_loc_conf does not inherit an enclosing
    /// location's), the last one winning; or the value of a constant <c>map</c> (<see cref="ConstantMaps"/>: every entry,
    /// its default among them, the one literal), with its first entry. Null when that is not one literal: a value with a
    /// variable, a variable another <c>map</c>, a <c>geo</c> or <c>split_clients</c> (or a module's <c>*_set</c>) defines, a <c>set</c> in an <c>if</c>,
    /// a pass inside an <c>if</c>, a <c>rewrite</c> or <c>break</c> at those levels (which may stop the <c>set</c>s that
    /// follow), no <c>set</c> reaching it, or a level outside an http server.
    /// </summary>
    public static (string Value, NginxDirective Set, Workspace.ConfigFile File)? SingleValue(NginxInstance instance, NginxScope scope, string name)
    {
        var variable = "$" + name;
        var server = scope.Server;
        if (server is null || IsFromRequest(name))
        {
            return null;
        }

        // A constant map (every entry the one literal, no set of the variable anywhere): its value, wherever the pass is.
        if (instance.ConstantMaps.TryGetValue(variable, out var constant))
        {
            return constant;
        }

        NginxScope? location = null;
        for (var level = scope; level is not null && level != server; level = level.Parent)
        {
            if (level.Context != Knowledge.NginxContext.Location)
            {
                return null; // an if (or a level nginx does not run a location's rewrite codes for)
            }

            location ??= level;
        }

        foreach (var defining in instance.Scopes)
        {
            if ((defining.IsBlock("map") || defining.IsBlock("geo") || defining.IsBlock("split_clients")) && defining.Directive!.Args.Count > 0 && defining.Directive.Args[^1] == variable)
            {
                return null;
            }

            if (defining.IsBlock("if") && defining.Settings.Any(s => s.Directive.Name == "set" && s.Directive.Args.Count >= 1 && s.Directive.Args[0] == variable))
            {
                return null;
            }

            // perl_set and js_set stand at the http level (set_by_lua in the server or location: read below). Only those
            // levels are read here: a tree's tens of thousands of locations are not scanned for each variable pass.
            if (defining.Context is Knowledge.NginxContext.Main or Knowledge.NginxContext.Http && ComputedBy(defining, variable))
            {
                return null;
            }
        }

        (string, NginxDirective, Workspace.ConfigFile)? found = null;
        foreach (var level in location is null ? [server] : new[] { server, location })
        {
            (string, NginxDirective, Workspace.ConfigFile)? here = null;
            if (ComputedBy(level, variable))
            {
                return null;
            }

            foreach (var (directive, file) in level.Settings)
            {
                if (directive.Name is "rewrite" or "break")
                {
                    return null;
                }

                if (directive.Name == "set" && directive.Args.Count >= 1 && directive.Args[0] == variable)
                {
                    if (directive.Args.Count != 2 || directive.Args[1].Contains('$') || directive.Args[1].Length == 0)
                    {
                        return null;
                    }

                    here = (directive.Args[1], directive, file);
                }
            }

            found = here ?? found;
        }

        return found;
    }

    /// <summary>
    /// The variables (<c>$name</c>) a <c>map</c> gives one literal value, whatever the request: nginx yields the matched
    /// entry's value, else the map's default (ngx_http_map_variable; ngx_http_map_block leaves the default empty where no
    /// <c>default</c> is written, so a map without one is not constant). Only where that map is the variable's one
    /// definition: no other map, <c>geo</c> or <c>split_clients</c> block, no <c>set</c> (in any server, location or
    /// <c>if</c>) and no module's <c>*_set</c> assigns it. One walk over the instance's levels (a tree's passes each ask).
    /// </summary>
    internal static Dictionary<string, (string Value, NginxDirective Entry, Workspace.ConfigFile File)> ConstantMaps(NginxInstance instance)
    {
        var constants = new Dictionary<string, (string Value, NginxDirective Entry, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        var defined = new Dictionary<string, int>(StringComparer.Ordinal);
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var level in instance.Scopes)
        {
            if ((level.IsBlock("map") || level.IsBlock("geo") || level.IsBlock("split_clients")) && level.Directive!.Args.Count > 0)
            {
                var name = level.Directive.Args[^1];
                defined[name] = defined.GetValueOrDefault(name) + 1;
                if (level.IsBlock("map") && level.Directive.Args.Count == 2 && ConstantMap(level) is { } value)
                {
                    constants[name] = value;
                }

                continue;
            }

            foreach (var (directive, _) in level.Settings)
            {
                if ((directive.Name == "set" || (directive.Name.EndsWith("_set", StringComparison.Ordinal) && directive.Name != "proxy_set")) && directive.Args.Count >= 1)
                {
                    assigned.Add(directive.Args[0]);
                }
            }
        }

        foreach (var (name, count) in defined)
        {
            if (count > 1 || assigned.Contains(name))
            {
                constants.Remove(name);
            }
        }

        return constants;
    }

    /// <summary>The one literal value of a <c>map</c> block whose every entry gives it, with a <c>default</c> among them (the
    /// first entry and its file); null where two values differ, a value holds a variable (or is empty), no default is
    /// written (unmatched keys then yield the empty string), or the block holds <c>include</c>, <c>hostnames</c> or any
    /// other line than a key and its value.</summary>
    private static (string Value, NginxDirective Entry, Workspace.ConfigFile File)? ConstantMap(NginxScope map)
    {
        (string Value, NginxDirective Entry, Workspace.ConfigFile File)? first = null;
        var hasDefault = false;
        foreach (var (directive, file) in map.Settings)
        {
            if (directive.Name == "volatile")
            {
                continue; // only stops caching: the value is the same
            }

            if (directive.Name is "include" or "hostnames" || directive.Args.Count != 1 || directive.Args[0].Length == 0 || directive.Args[0].Contains('$', StringComparison.Ordinal))
            {
                return null;
            }

            if (first is { } seen && seen.Value != directive.Args[0])
            {
                return null;
            }

            hasDefault |= directive.Name == "default";
            first ??= (directive.Args[0], directive, file);
        }

        return hasDefault ? first : null;
    }

    /// <summary>
    /// A pass's target with its variable's one value written in, as nginx parses the evaluated value
    /// (ngx_http_*_eval: ngx_parse_url, with no name resolution: a name is looked up per request by the resolver, never in
    /// /etc/hosts): an IP address as the host, or a <c>unix:</c> path where the variable is the whole target
    /// (<c>fastcgi_pass $fpm</c>). Null for anything else (a host name, a value that leaves a variable or no address).
    /// </summary>
    public static ProxyTarget? Written(ProxyTarget target, string variable, string value)
    {
        var whole = target.Text == "$" + variable || target.Text == "${" + variable + "}";
        var socket = whole && value.StartsWith("unix:", StringComparison.Ordinal);
        if (!socket && !Endpoint.IsIpAddress(value.Trim('[', ']')))
        {
            return null;
        }

        var written = target.Text.Replace("${" + variable + "}", value, StringComparison.Ordinal);
        written = System.Text.RegularExpressions.Regex.Replace(written, @"\$" + variable + @"(?![A-Za-z0-9_])", value.Replace("$", "$$", StringComparison.Ordinal));
        return ProxyTarget.ParseNginx(written) is { HasVariable: false, Endpoint.Kind: EndpointKind.Tcp or EndpointKind.Unix } parsed
            && (parsed.Endpoint.Kind == EndpointKind.Unix) == socket ? parsed : null;
    }

    /// <summary>Whether a module's <c>*_set</c> (perl_set, js_set, set_by_lua) at <paramref name="level"/> computes the
    /// variable per request.</summary>
    private static bool ComputedBy(NginxScope level, string variable)
    {
        foreach (var (directive, _) in level.Settings)
        {
            if (directive.Name.EndsWith("_set", StringComparison.Ordinal) && directive.Name != "proxy_set" && directive.Args.Count >= 1 && directive.Args[0] == variable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>set</c> directives of the variable on the way up from <paramref name="scope"/>.</summary>
    private static IEnumerable<NginxDirective> SetsOf(NginxScope scope, string name)
    {
        for (var level = scope; level is not null; level = level.Parent)
        {
            foreach (var (directive, _) in level.Settings)
            {
                if (directive.Name == "set" && directive.Args.Count >= 1 && directive.Args[0] == "$" + name)
                {
                    yield return directive;
                }
            }
        }
    }

    /// <summary>The <c>map</c> blocks that define the variable.</summary>
    private static IEnumerable<NginxScope> MapsOf(NginxInstance instance, string name) =>
        instance.Scopes.Where(s => s.IsBlock("map") && s.Directive is { Args.Count: 2 } d && d.Args[1] == "$" + name);

    /// <summary>
    /// The entries of the <c>map</c> blocks that define the variable, as (key, value), the default under the key
    /// <c>default</c> (an empty value where a map names none: ngx_http_map_block leaves it unset), with the variable
    /// each map reads; null where no map defines it or a <c>set</c> on the way up assigns it as well.
    /// </summary>
    public static IReadOnlyList<(string Source, string Key, string Value)>? MapEntriesOf(NginxInstance instance, NginxScope scope, string name)
    {
        if (SetsOf(scope, name).Any())
        {
            return null;
        }

        var entries = new List<(string Source, string Key, string Value)>();
        foreach (var map in MapsOf(instance, name))
        {
            var source = map.Directive!.Args[0];
            var hasDefault = false;
            foreach (var (directive, _) in map.Settings)
            {
                if (directive.Name == "include")
                {
                    return null; // entries ConfLint may not have read
                }

                if (directive.Name is "hostnames" or "volatile" || directive.Args.Count != 1)
                {
                    continue;
                }

                hasDefault |= directive.Name == "default";
                entries.Add((source, directive.Name, directive.Args[0]));
            }

            if (!hasDefault)
            {
                entries.Add((source, "default", string.Empty));
            }
        }

        return entries.Count > 0 ? entries : null;
    }
}
