using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// The <c>PHP_VALUE</c> and <c>PHP_ADMIN_VALUE</c> an Apache front end sends php-fpm. mod_proxy_fcgi sends the request's
/// whole environment (<c>r-&gt;subprocess_env</c>) as FastCGI parameters (mod_proxy_fcgi.c, send_environment, after
/// ap_add_common_vars and ap_add_cgi_vars), which three kinds of line fill, in this order:
/// <list type="number">
/// <item>mod_setenvif's <c>SetEnvIf</c>, <c>SetEnvIfNoCase</c>, <c>SetEnvIfExpr</c>, <c>BrowserMatch</c> (post_read_request
/// and header_parser) and mod_rewrite's <c>[E=...]</c>: each on a condition of the request;</item>
/// <item>mod_env's <c>SetEnv</c>, <c>UnsetEnv</c>, <c>PassEnv</c> (its fixups hook, after the ones above: mod_env's manual,
/// "set after most early request processing directives are run"), per-directory settings merged as Apache merges them (the
/// main server's, the virtual host's, then the <c>&lt;Directory&gt;</c>, <c>&lt;Files&gt;</c>, <c>&lt;Location&gt;</c> and
/// <c>&lt;If&gt;</c> sections that match the request), a later or more specific one replacing the value. fixup_env_module
/// overlays the merged table on the environment (apr_table_overlay): its entry is sent after an earlier one of the same
/// name, and php-fpm keeps the last (fcgi_hash_set); an <c>UnsetEnv</c> only drops a less specific <c>SetEnv</c>;</item>
/// <item>mod_proxy_fcgi's <c>ProxyFCGISetEnvIf cond NAME value</c> (fix_cgivars, run last, "the admins' final option"):
/// each whose ap_expr condition is true sets (or, with <c>!NAME</c>, unsets) the variable, in the merged order (base first,
/// fcgi_merge_dconf); its value is an ap_expr string, where <c>\n</c> is a newline (util_expr_scan.l), which is how one
/// PHP_VALUE carries several lines.</item>
/// </list>
/// php-fpm then applies PHP_VALUE and PHP_ADMIN_VALUE as <see cref="FastcgiPhpValues"/> says, the admin one last.
/// Only what is proved is taken: a line whose section is around the front end (or at the server's top) and that has no
/// condition (a <c>ProxyFCGISetEnvIf "true"</c>) applies; a line with a condition, or in a section that may or may not
/// match the front end's requests, or whose value is known only per request, may apply: where it would give the setting
/// another value, the value is not known (<see cref="FastcgiPhpValues.Setting.Why"/>) and nothing is compared. A line of
/// another virtual host does not apply.
/// </summary>
internal static class ApacheFcgiEnvironment
{
    private enum Effect
    {
        Set,
        Unset,
        Unknown,
    }

    /// <summary>One line that sets or unsets PHP_VALUE or PHP_ADMIN_VALUE: its phase (0: mod_setenvif and mod_rewrite,
    /// 1: mod_env, 2: mod_proxy_fcgi), whether it has a condition of the request, and the text it sets (variables
    /// expanded, escapes resolved).</summary>
    private sealed record Entry(ApacheDirective Directive, ConfigFile File, IReadOnlyList<ApacheSection> Sections, int Phase, string Param, bool Conditional, Effect Kind, string? Text);

    private static readonly string[] Params = ["PHP_VALUE", "PHP_ADMIN_VALUE"];

    /// <summary>The setting of <paramref name="name"/> the Apache front end's requests carry (see <see cref="FastcgiPhpValues.Find"/>).</summary>
    public static FastcgiPhpValues.Setting? Find(HostModel host, FrontEnd frontEnd, string name)
    {
        if (frontEnd.Directive is not ApacheDirective directive || ApacheWorkers.Place(host, directive) is not var (instance, sections))
        {
            return null;
        }

        var entries = host.Shared("ApacheFcgiEnvironment.Entries", instance, Collect);
        if (entries.Count == 0)
        {
            return null;
        }

        var around = Scopes(sections);
        var virtualHost = sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
        FastcgiPhpValues.Setting? found = null;
        foreach (var param in Params)
        {
            if (Effective(entries, param, name, around, virtualHost) is { } setting)
            {
                found = setting;
            }
        }

        return found;
    }

    /// <summary>What <paramref name="param"/> gives <paramref name="name"/> for requests of a front end in the sections
    /// <paramref name="around"/>: phase by phase, the last line that surely applies sets it; a line that may apply and
    /// would give it another value leaves it unknown, whatever its order (mod_env merges a main server's
    /// <c>&lt;Directory&gt;</c> after a virtual host's top level), until a surely applying line of a later phase.</summary>
    private static FastcgiPhpValues.Setting? Effective(List<Entry> entries, string param, string name, List<ApacheSection> around, ApacheSection? virtualHost)
    {
        Entry? state = null;
        Entry? doubt = null;
        for (var phase = 0; phase <= 2; phase++)
        {
            Entry? sure = null;
            var depth = 0;
            var maybe = new List<Entry>();
            foreach (var entry in entries)
            {
                if (entry.Phase != phase || !entry.Param.Equals(param, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var entryHost = entry.Sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
                if (entryHost is not null && virtualHost is not null && !ReferenceEquals(entryHost, virtualHost))
                {
                    continue; // another virtual host's
                }

                var scopes = Scopes(entry.Sections);
                if (!entry.Conditional && IsPrefix(scopes, around))
                {
                    // On the one chain of sections around the front end: the more specific one is merged later, and of
                    // two in one section the later one replaces the value.
                    if (sure is null || scopes.Count >= depth)
                    {
                        (sure, depth) = (entry, scopes.Count);
                    }
                }
                else
                {
                    maybe.Add(entry);
                }
            }

            // mod_env's UnsetEnv only takes a less specific SetEnv out of its merged table; it unsets nothing another
            // module set (fixup_env_module overlays the table on the request's environment).
            if (sure is not null && !(phase == 1 && sure.Kind == Effect.Unset))
            {
                state = sure;
                doubt = null;
            }

            foreach (var entry in maybe)
            {
                if (doubt is null && !(phase == 1 && entry.Kind == Effect.Unset) && !Same(Outcome(entry, name), Outcome(state, name)))
                {
                    doubt = entry;
                }
            }
        }

        if (doubt is not null)
        {
            var reason = doubt.Conditional
                ? "may set max_execution_time, on a condition of the request"
                : doubt.Kind == Effect.Unknown ? "may set max_execution_time, to a value known only per request"
                : "may set max_execution_time, in a section that may or may not match these requests";
            return Setting(doubt, name, null) with { Why = reason };
        }

        if (state is null || Outcome(state, name) is not var (known, value))
        {
            return null;
        }

        return Setting(state, name, known ? value : null);
    }

    private static FastcgiPhpValues.Setting Setting(Entry entry, string name, string? value)
    {
        var word = entry.Directive.Arguments.Count > 1 ? entry.Directive.Arguments[^1].Location : entry.Directive.Location;
        return new FastcgiPhpValues.Setting(name, value, entry.Param, entry.Directive, entry.File, word, $"{entry.Directive.Name} {entry.Param}");
    }

    /// <summary>What a line (null: none) gives the setting: null where it leaves it unset; (false, null) where unknown.</summary>
    private static (bool Known, string? Value)? Outcome(Entry? entry, string name) => entry switch
    {
        null or { Kind: Effect.Unset } => null,
        { Kind: Effect.Unknown } or { Text: null } => (false, null),
        _ => FastcgiPhpValues.ReadIni(entry.Text, name),
    };

    private static bool Same((bool Known, string? Value)? a, (bool Known, string? Value)? b) =>
        a is null ? b is null : b is { } other && a.Value.Known && other.Known && string.Equals(a.Value.Value, other.Value, StringComparison.Ordinal);

    /// <summary>The sections that choose requests (<c>&lt;VirtualHost&gt;</c>, <c>&lt;Directory&gt;</c>, <c>&lt;Files&gt;</c>,
    /// <c>&lt;Location&gt;</c>, <c>&lt;If&gt;</c>, <c>&lt;Proxy&gt;</c>...), without the conditions read at start.</summary>
    private static List<ApacheSection> Scopes(IReadOnlyList<ApacheSection> sections)
    {
        var scopes = new List<ApacheSection>(sections.Count);
        foreach (var section in sections)
        {
            if (!(section.IsNamed("IfModule") || section.IsNamed("IfDefine") || section.IsNamed("IfVersion") || section.IsNamed("IfFile")
                  || section.IsNamed("IfDirective") || section.IsNamed("IfSection")))
            {
                scopes.Add(section);
            }
        }

        return scopes;
    }

    private static bool IsPrefix(List<ApacheSection> prefix, List<ApacheSection> whole)
    {
        if (prefix.Count > whole.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!ReferenceEquals(prefix[i], whole[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every line of the configuration that sets or unsets PHP_VALUE or PHP_ADMIN_VALUE (any case: Apache's
    /// tables compare names without case, php-fpm with it, so another case only may apply), read once per configuration.</summary>
    private static List<Entry> Collect(ApacheInstance instance)
    {
        var entries = new List<Entry>();
        foreach (var entry in instance.Directives)
        {
            var (directive, file, sections) = entry;
            var args = directive.Args;
            if (args.Count == 0)
            {
                continue;
            }

            if (directive.IsNamed("SetEnv"))
            {
                if (ParamOf(args[0]) is { } param)
                {
                    // mod_env's value is the word as written (no escapes): a backslash reaches PHP as one.
                    var text = args.Count > 1 ? entry.Expand(args[1]) : string.Empty;
                    var literal = !text.Contains('\\', StringComparison.Ordinal) && !text.Contains("${", StringComparison.Ordinal);
                    entries.Add(new Entry(directive, file, sections, 1, param, !IsExact(args[0]), literal ? Effect.Set : Effect.Unknown, literal ? text : null));
                }
            }
            else if (directive.IsNamed("UnsetEnv") || directive.IsNamed("PassEnv"))
            {
                foreach (var word in args)
                {
                    if (ParamOf(word) is { } param)
                    {
                        // PassEnv: the value of Apache's own environment, not in the configuration.
                        entries.Add(new Entry(directive, file, sections, 1, param, !IsExact(word) || directive.IsNamed("PassEnv"), directive.IsNamed("UnsetEnv") ? Effect.Unset : Effect.Unknown, null));
                    }
                }
            }
            else if (directive.IsNamed("SetEnvIf") || directive.IsNamed("SetEnvIfNoCase") || directive.IsNamed("BrowserMatch") || directive.IsNamed("BrowserMatchNoCase") || directive.IsNamed("SetEnvIfExpr"))
            {
                var first = directive.IsNamed("SetEnvIf") || directive.IsNamed("SetEnvIfNoCase") ? 2 : 1;
                for (var i = first; i < args.Count; i++)
                {
                    var word = args[i];
                    var unset = word.StartsWith('!');
                    var equals = word.IndexOf('=', StringComparison.Ordinal);
                    var variable = (equals < 0 ? word : word[..equals]).TrimStart('!');
                    if (ParamOf(variable) is { } param)
                    {
                        // A value may hold $1 of the regex: known only per request, as is the condition.
                        entries.Add(new Entry(directive, file, sections, 0, param, true, unset ? Effect.Unset : Effect.Unknown, null));
                    }
                }
            }
            else if (directive.IsNamed("RewriteRule") && args.Count > 2 && (args[^1].Contains("PHP_VALUE", StringComparison.OrdinalIgnoreCase) || args[^1].Contains("PHP_ADMIN_VALUE", StringComparison.OrdinalIgnoreCase)))
            {
                var param = args[^1].Contains("PHP_ADMIN_VALUE", StringComparison.OrdinalIgnoreCase) ? "PHP_ADMIN_VALUE" : "PHP_VALUE";
                entries.Add(new Entry(directive, file, sections, 0, param, true, Effect.Unknown, null));
            }
            else if (directive.IsNamed("ProxyFCGISetEnvIf") && args.Count >= 2)
            {
                var condition = entry.Expand(args[0]).Trim();
                var unset = args[1].StartsWith('!');
                if (condition == "false" || ParamOf(args[1].TrimStart('!')) is not { } param)
                {
                    continue; // never true (ap_expr's false), or another variable
                }

                var text = unset ? null : Expression(entry.Expand(args.Count > 2 ? args[2] : string.Empty));
                entries.Add(new Entry(directive, file, sections, 2, param, condition != "true" || !IsExact(args[1].TrimStart('!')),
                    unset ? Effect.Unset : text is null ? Effect.Unknown : Effect.Set, text));
            }
        }

        return entries;
    }

    private static string? ParamOf(string variable)
    {
        foreach (var param in Params)
        {
            if (variable.Equals(param, StringComparison.OrdinalIgnoreCase))
            {
                return param;
            }
        }

        return null;
    }

    private static bool IsExact(string variable) => variable is "PHP_VALUE" or "PHP_ADMIN_VALUE";

    /// <summary>An ap_expr string as ProxyFCGISetEnvIf's value (util_expr_scan.l, the <c>str</c> state): <c>\n</c>, <c>\r</c>,
    /// <c>\t</c>, <c>\b</c>, <c>\f</c> and octal <c>\NNN</c> are the characters, a backslash before anything else that
    /// character; null where a <c>%{VAR}</c>, a function or a <c>$N</c> makes it known only per request.</summary>
    internal static string? Expression(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 1 < text.Length && text[i + 1] == '{' || c == '$' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                return null;
            }

            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = text[++i];
            if (next is >= '0' and <= '7')
            {
                var end = i;
                while (end < text.Length && end < i + 3 && text[end] is >= '0' and <= '7')
                {
                    end++;
                }

                builder.Append((char)Convert.ToInt32(text[i..end], 8));
                i = end - 1;
                continue;
            }

            builder.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
        }

        return builder.ToString();
    }
}
