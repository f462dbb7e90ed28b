using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>
/// mod_rewrite's <c>RewriteRule PATTERN URL [P]</c> as a front end: the P (<c>proxy</c>) flag hands the rewritten URL to
/// mod_proxy (<c>apply_rewrite_rule</c> prefixes <c>r-&gt;filename</c> with <c>proxy:</c>), which connects as for a
/// ProxyPass. A rule is taken only where the configuration proves that it runs and where it connects; otherwise it is
/// left out, and where that depends on what is not visible a note says so (<see cref="HostModel.UnjudgedFrontEnds"/>).
/// <list type="bullet">
/// <item>The engine: <c>RewriteEngine</c> is off by default (<c>config_server_create</c>, <c>config_perdir_create</c>).
/// At the server level it sets both the server's and the base directory scope (<c>cmd_rewriteengine</c>), a virtual
/// host keeps the main server's when it sets none (<c>config_server_merge</c>: <c>state_set</c>), a directory section
/// keeps its server's (<c>config_perdir_merge</c>). Both <c>hook_uri2file</c> and <c>hook_fixup</c> ask the merged
/// directory scope, so a <c>RewriteEngine Off</c> in another section switches the rule off for the requests that section
/// covers (for a server-level rule only a <c>&lt;Location&gt;</c> or <c>&lt;If&gt;</c>, walked before
/// <c>translate_name</c>): that leaves it unjudged.</item>
/// <item>The rules: a virtual host runs the main server's server-level rules only with <c>RewriteOptions Inherit</c> (or
/// <c>InheritBefore</c>, or the main server's <c>InheritDown</c>); without, a main-server rule serves only requests that no
/// <c>&lt;VirtualHost&gt;</c> takes, which the files do not say.</item>
/// <item>The modules: <c>RewriteRule</c> needs mod_rewrite for Apache to start; without mod_proxy the rule answers 403
/// ("attempt to make remote request from mod_rewrite without proxy enabled"), without the scheme's proxy module 500.</item>
/// <item>The target: its scheme, host and port must be written out (<c>is_absolute_uri</c>'s proxy schemes, or
/// <c>unix:/path|URL</c> as mod_proxy's <c>fix_uds_filename</c> reads it); a back-reference, a server variable or a map in
/// them is known only per request. A back-reference right after the port is taken when it captures from the start of a
/// server-level rule's URL-path, which begins with '/'.</item>
/// </list>
/// </summary>
internal static class ApacheRewriteProxies
{
    /// <summary>The sections that are not a directory scope: the server's own, and the conditions read at start.</summary>
    private static readonly string[] ServerSections = ["VirtualHost", "IfModule", "IfDefine", "IfVersion", "IfFile", "IfDirective", "IfSection"];

    /// <summary>The schemes <c>is_absolute_uri</c> knows that mod_proxy connects by, and the modules that serve each
    /// (mod_proxy_http serves ws/wss since 2.4.47, beside mod_proxy_wstunnel).</summary>
    internal static readonly Dictionary<string, string[]> SchemeModules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http"] = ["proxy_http_module"],
        ["https"] = ["proxy_http_module"],
        ["ws"] = ["proxy_wstunnel_module", "proxy_http_module"],
        ["wss"] = ["proxy_wstunnel_module", "proxy_http_module"],
        ["h2"] = ["proxy_http2_module"],
        ["h2c"] = ["proxy_http2_module"],
        ["fcgi"] = ["proxy_fcgi_module"],
        ["ajp"] = ["proxy_ajp_module"],
        ["scgi"] = ["proxy_scgi_module"],
        ["balancer"] = ["proxy_balancer_module"],
    };

    /// <summary>Whether <paramref name="rule"/> is a <c>RewriteRule</c> with the P flag (<c>cmd_rewriterule_setflag</c>:
    /// <c>P</c> or <c>proxy</c>, in any case, anywhere in the list).</summary>
    public static bool IsProxyRule(ApacheDirective rule) =>
        rule.IsNamed("RewriteRule") && rule.Args.Count >= 3 && rule.Args[2] is ['[', .. var flags, ']']
        && flags.Split(',').Select(f => f.Trim()).Any(f => f.Equals("P", StringComparison.OrdinalIgnoreCase) || f.Equals("proxy", StringComparison.OrdinalIgnoreCase));

    /// <summary>The target of a proxying rule that is in effect and whose address is written out; null otherwise, with a
    /// note in <paramref name="notes"/> where that is not proven either way.</summary>
    public static (SyntaxToken Token, ProxyTarget Target)? Read(ApacheInstance instance, ApacheEntry entry, List<string> notes)
    {
        var (rule, file, sections) = entry;
        if (!IsProxyRule(rule))
        {
            return null;
        }

        var where = $"{file.DisplayPath}:{rule.Position.Line}: RewriteRule {rule.Args[0]} {rule.Args[1]} {rule.Args[2]}";
        if (!instance.MayHaveModule("rewrite_module"))
        {
            notes.Add($"{where} was not judged as a proxy: mod_rewrite is not loaded, so Apache does not start (\"Invalid command 'RewriteRule'\")");
            return null;
        }

        if (Unjudged(instance, sections) is { } why)
        {
            if (why.Length > 0)
            {
                notes.Add($"{where} was not judged as a proxy: {why}");
            }

            return null;
        }

        var text = entry.Expand(rule.Args[1]);
        var isPerDir = sections.Any(IsDirectoryScope);
        if (AddressProblem(text, rule.Args[0], isPerDir) is { } problem)
        {
            if (problem.Length > 0)
            {
                notes.Add($"{where}: the target was not judged: {problem}");
            }

            return null;
        }

        var target = ProxyTarget.ParseApache(text);
        var scheme = target.Scheme ?? string.Empty;
        if (instance.LoadedModules is not null)
        {
            if (!instance.MayHaveModule("proxy_module"))
            {
                notes.Add($"{where} was not judged as a proxy: mod_proxy is not loaded, so mod_rewrite answers 403 ('attempt to make remote request from mod_rewrite without proxy enabled')");
                return null;
            }

            if (SchemeModules.TryGetValue(scheme, out var modules) && !modules.Any(instance.MayHaveModule))
            {
                notes.Add($"{where} was not judged as a proxy: no module that proxies {scheme}:// is loaded ({string.Join(" or ", modules)}), so mod_proxy answers 500");
                return null;
            }
        }

        return (rule.Arguments[1], target);
    }

    /// <summary>Why the rule may not run: empty where it is proven not to (the engine off), a reason where that depends
    /// on what the files do not show; null where it runs.</summary>
    private static string? Unjudged(ApacheInstance instance, IReadOnlyList<ApacheSection> sections)
    {
        var virtualHost = sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
        var scope = sections.LastOrDefault(IsDirectoryScope);
        bool? engine = null;
        foreach (var section in sections.Reverse().Where(IsDirectoryScope))
        {
            // The innermost directory scope that sets it (an <If> in a <Directory> keeps the directory's).
            engine ??= LastSwitch(instance, d => ReferenceEquals(d.Sections.LastOrDefault(IsDirectoryScope), section));
        }

        engine ??= LastSwitch(instance, d => IsServerLevel(d.Sections) && ReferenceEquals(VirtualHostOf(d.Sections), virtualHost));
        if (engine is null && virtualHost is not null)
        {
            engine = LastSwitch(instance, d => IsServerLevel(d.Sections) && VirtualHostOf(d.Sections) is null);
        }

        if (engine is null && instance.LoadedModules is null)
        {
            return "no RewriteEngine is set in the files read, and the main configuration that may set it was not (a lone site file)";
        }

        if (engine != true)
        {
            return string.Empty;
        }

        // Another directory scope that applies to the same requests and turns the engine off (the main server's apply in
        // every virtual host). A server-level rule runs at translate_name, after ap_process_request_internal's
        // walk_location_and_if and before the directory walk: only <Location> and <If> sections reach it.
        var off = instance.Directives.FirstOrDefault(d => d.Directive.IsNamed("RewriteEngine") && d.Directive.Args is [var value]
            && value.Equals("off", StringComparison.OrdinalIgnoreCase) && d.Sections.LastOrDefault(IsDirectoryScope) is { } other && !ReferenceEquals(other, scope)
            && (scope is not null || !d.Sections.Any(IsFileSystemScope))
            && VirtualHostOf(d.Sections) is var host && (host is null || ReferenceEquals(host, virtualHost)));
        if (off.Directive is not null)
        {
            var section = off.Sections.Last(IsDirectoryScope);
            return $"'RewriteEngine Off' in <{section.Name} {string.Join(' ', section.Args)}> ({off.File.DisplayPath}:{off.Directive.Position.Line}) turns it off for the requests that section covers";
        }

        if (scope is null && virtualHost is null && instance.Directives.Any(d => VirtualHostOf(d.Sections) is not null) && !Inherited(instance))
        {
            return "it is a rule of the main server, which no <VirtualHost> inherits (RewriteOptions Inherit), so it serves only requests no virtual host takes";
        }

        return null;
    }

    /// <summary>Whether a virtual host runs the main server's server-level rules: its <c>RewriteOptions Inherit</c> or
    /// <c>InheritBefore</c>, or the main server's <c>InheritDown</c>/<c>InheritDownBefore</c>.</summary>
    private static bool Inherited(ApacheInstance instance) =>
        instance.Directives.Any(d => d.Directive.IsNamed("RewriteOptions") && IsServerLevel(d.Sections)
            && d.Directive.Args.Any(a => VirtualHostOf(d.Sections) is null
                ? a.Equals("InheritDown", StringComparison.OrdinalIgnoreCase) || a.Equals("InheritDownBefore", StringComparison.OrdinalIgnoreCase)
                : a.Equals("Inherit", StringComparison.OrdinalIgnoreCase) || a.Equals("InheritBefore", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The value of the last <c>RewriteEngine</c> among the directives <paramref name="where"/> picks (the last
    /// one wins: it is a setting, not a step), or null where none is.</summary>
    private static bool? LastSwitch(ApacheInstance instance, Func<ApacheEntry, bool> where)
    {
        bool? found = null;
        foreach (var entry in instance.Directives)
        {
            if (entry.Directive.IsNamed("RewriteEngine") && entry.Directive.Args is [var value] && where(entry))
            {
                found = value.Equals("on", StringComparison.OrdinalIgnoreCase);
            }
        }

        return found;
    }

    private static bool IsDirectoryScope(ApacheSection section) => !ServerSections.Any(section.IsNamed);

    private static bool IsFileSystemScope(ApacheSection section) =>
        section.IsNamed("Directory") || section.IsNamed("DirectoryMatch") || section.IsNamed("Files") || section.IsNamed("FilesMatch");

    private static bool IsServerLevel(IReadOnlyList<ApacheSection> sections) => !sections.Any(IsDirectoryScope);

    private static ApacheSection? VirtualHostOf(IReadOnlyList<ApacheSection> sections) => sections.LastOrDefault(s => s.IsNamed("VirtualHost"));

    /// <summary>What keeps the target's scheme, host or port from being known: a reason, empty for a target that is no
    /// proxy URL at all (a local path, which mod_rewrite qualifies with the server's own name), null when known.</summary>
    internal static string? AddressProblem(string target, string pattern, bool perDir)
    {
        if (Endpoint.IsUnixAddress(target))
        {
            var bar = target.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0)
            {
                return string.Empty;
            }

            if (IsVariable(target.AsSpan(0, bar)))
            {
                return $"the socket path of {target} is known only per request";
            }

            target = target[(bar + 1)..];
        }

        var separator = target.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            // A URL-path ("/local/$1") is qualified with the server's own name; "$1" or "%{ENV:to}/x" may be any URL.
            var slash0 = target.IndexOf('/');
            return !target.StartsWith('/') && IsVariable(slash0 >= 0 ? target.AsSpan(0, slash0) : target)
                ? $"{target} makes the scheme, host and port known only per request"
                : string.Empty;
        }

        var scheme = target[..separator];
        if (IsVariable(scheme))
        {
            return $"the scheme of {target} is known only per request";
        }

        if (!SchemeModules.ContainsKey(scheme))
        {
            return string.Empty;
        }

        var rest = target[(separator + 3)..];
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var variable = VariableAt(authority);
        if (variable < 0)
        {
            return null;
        }

        // host:port$1: the port is written out when $1 captures from a server-level URL-path's start ('/').
        var port = authority.LastIndexOf(':', variable);
        if (variable > 0 && port > 0 && port < variable - 1 && authority[(port + 1)..variable].All(char.IsAsciiDigit)
            && authority[variable] == '$' && variable + 1 < authority.Length && char.IsAsciiDigit(authority[variable + 1])
            && CapturesFromPathStart(pattern, authority[variable + 1] - '0', perDir))
        {
            return null;
        }

        return $"the host or port of {target} is known only per request";
    }

    /// <summary>Whether group <paramref name="group"/> of <paramref name="pattern"/> begins with '/': it opens with one, or
    /// it opens the anchored pattern of a server-level rule (which matches the URL-path, '/' first).</summary>
    private static bool CapturesFromPathStart(string pattern, int group, bool perDir)
    {
        var count = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
                continue;
            }

            if (pattern[i] != '(' || (i + 1 < pattern.Length && pattern[i + 1] == '?'))
            {
                continue;
            }

            if (++count == group)
            {
                var opensWithSlash = i + 1 < pattern.Length && pattern[i + 1] == '/';
                var opensPattern = !perDir && i == 1 && pattern[0] == '^';
                return opensWithSlash || opensPattern;
            }
        }

        return false;
    }

    private static bool IsVariable(ReadOnlySpan<char> text) => VariableAt(text) >= 0;

    /// <summary>Where the first substitution starts: <c>$N</c>, <c>%N</c>, <c>${map:key}</c>, <c>%{VAR}</c> (mod_rewrite's
    /// <c>do_expand</c>; a backslash escapes one), or -1.</summary>
    private static int VariableAt(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (text[i] is '$' or '%' && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '{'))
            {
                return i;
            }
        }

        return -1;
    }
}
