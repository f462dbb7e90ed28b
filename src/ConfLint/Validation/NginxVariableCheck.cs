using System.Text.RegularExpressions;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// nginx refuses a configuration that uses a variable nobody defines (<c>ngx_http_variables_init_vars</c>: unknown
/// "x" variable). Definitions are the built-in variables and what the configuration sets (set, map, geo,
/// split_clients, *_set directives, regex named captures, geoip2 blocks); uses are read only from the arguments
/// nginx compiles as scripts (a short list). One check for http, one for stream: each module has its own variables
/// (ngx_stream_variables_init_vars says the same). Not judged where a module ConfLint does not know is loaded or a
/// directive it does not know appears: those may define variables.
/// </summary>
internal sealed partial class NginxVariableCheck(bool stream = false)
{
    /// <summary>Stream directives whose arguments (from the given index) nginx compiles with variables
    /// (<c>ngx_stream_compile_complex_value</c> and the stream script's callers).</summary>
    private static readonly Dictionary<string, int> StreamCompiled = new(StringComparer.Ordinal)
    {
        ["proxy_pass"] = 0, ["return"] = 0, ["set"] = 1, ["map"] = 0, ["split_clients"] = 0, ["hash"] = 0, ["log_format"] = 1,
        ["proxy_bind"] = 0, ["proxy_ssl_name"] = 0, ["limit_conn_zone"] = 0, ["pass"] = 0,
    };

    /// <summary>Directives whose arguments (from the given index) nginx compiles with variables.</summary>
    private static readonly Dictionary<string, int> Compiled = new(StringComparer.Ordinal)
    {
        ["set"] = 1, ["return"] = 0, ["add_header"] = 1, ["add_trailer"] = 1, ["proxy_set_header"] = 1, ["fastcgi_param"] = 1,
        ["uwsgi_param"] = 1, ["scgi_param"] = 1, ["grpc_set_header"] = 1, ["proxy_pass"] = 0, ["fastcgi_pass"] = 0, ["uwsgi_pass"] = 0,
        ["scgi_pass"] = 0, ["grpc_pass"] = 0, ["root"] = 0, ["alias"] = 0, ["try_files"] = 0, ["expires"] = 0, ["limit_rate"] = 0,
        ["limit_req_zone"] = 0, ["limit_conn_zone"] = 0, ["map"] = 0, ["proxy_cache_key"] = 0, ["fastcgi_cache_key"] = 0,
        ["proxy_cache_bypass"] = 0, ["proxy_no_cache"] = 0, ["fastcgi_cache_bypass"] = 0, ["fastcgi_no_cache"] = 0, ["index"] = 0,
        ["auth_basic"] = 0, ["log_format"] = 1, ["rewrite"] = 1, ["error_page"] = 0, ["split_clients"] = 0,
    };

    private enum Defines : byte { None, First, Second, Last }

    /// <summary>What a directive's name says about variables: which argument it defines, whether it belongs to a module
    /// that makes its own (Lua, njs, Perl), and from which argument nginx compiles its values.</summary>
    private readonly record struct NameKind(Defines Defines, bool Foreign, int? CompiledFrom);

    // Names are few (a large tree has a million directives and a few hundred names): each is classified once. The names
    // are the shared strings of the parse (NameTable), so they are looked up by reference, no text hashed; a name that was
    // not shared is classified again, past a bound.
    private readonly Dictionary<string, NameKind> _kinds = new(ReferenceEqualityComparer.Instance);

    private NameKind KindOf(string name)
    {
        if (_kinds.TryGetValue(name, out var kind))
        {
            return kind;
        }

        var defines = name switch
        {
            "set" or "perl_set" or "js_set" or "auth_request_set" => Defines.First,
            _ when name.EndsWith("_set", StringComparison.Ordinal) => Defines.First,
            "map" or "split_clients" => Defines.Second,
            "geo" => Defines.Last,
            _ => Defines.None,
        };
        var foreign = name.Contains("_by_lua", StringComparison.Ordinal) || name.StartsWith("js_", StringComparison.Ordinal) || name.StartsWith("perl", StringComparison.Ordinal);
        kind = new NameKind(defines, foreign, (stream ? StreamCompiled : Compiled).TryGetValue(name, out var from) ? from : null);
        if (_kinds.Count < 4096)
        {
            _kinds[name] = kind;
        }

        return kind;
    }

    private readonly HashSet<string> _defined = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, NginxDirective Directive, ConfigFile File)> _uses = [];
    private readonly List<(string Message, NginxDirective Directive, ConfigFile File)> _invalid = [];
    private bool _unjudgeable;

    /// <summary>A directive nginx does not know (to ConfLint) may define variables: the check is then not made.</summary>
    public void Unknown() => _unjudgeable = true;

    public void Record(NginxDirective directive, ConfigFile file, NginxContext context)
    {
        if (IsStream(context) != stream || context is NginxContext.Main or NginxContext.Events or NginxContext.Mail or NginxContext.MailServer or NginxContext.None)
        {
            return;
        }

        var name = directive.Name;
        var args = directive.ArgSpan;
        for (var i = 0; i < args.Length; i++)
        {
            Captures(args[i]);
        }

        if (directive.Block?.RawBody is { } rawBody)
        {
            var body = rawBody.Text;
            Captures(body);
            if (name == "geoip2")
            {
                foreach (Match m in Reference().Matches(body))
                {
                    _defined.Add(m.Groups[1].Value);
                }
            }
        }

        if (name == "map" && directive.Block is { RawBody: null } map)
        {
            // ngx_http_map compiles each value that holds a '$' as a complex value: its variables must exist. A regular
            // expression key's named captures are variables too.
            foreach (var line in map.Directives)
            {
                Captures(line.Name);
                if (line.Args.Count > 0 && line.Name is not ("hostnames" or "volatile" or "include"))
                {
                    Uses(line.Args[0], line, file);
                }
            }
        }

        var kind = KindOf(name);
        switch (kind.Defines)
        {
            case Defines.First when args.Length > 0:
                Define(args[0]);
                break;
            case Defines.Second when args.Length > 1:
                Define(args[1]);
                break;
            case Defines.Last when args.Length > 0:
                Define(args[^1]);
                break;
        }

        if (kind.Foreign)
        {
            _unjudgeable = true;
        }

        if (name == "if" && args.Length > 0 && !stream)
        {
            IfUses(directive.Args, directive, file);
            return;
        }

        if (kind.CompiledFrom is not { } from)
        {
            return;
        }

        for (var i = from; i < args.Length; i++)
        {
            var arg = args[i];
            if ((name == "map" && i > 0) || (name == "split_clients" && i > 0) || (name == "log_format" && arg.StartsWith("escape=", StringComparison.Ordinal)))
            {
                continue;
            }

            Uses(arg, directive, file);
        }
    }

    /// <summary>
    /// <c>ngx_http_rewrite_if_condition</c>: the variable a condition tests, the value it is compared with by <c>=</c>
    /// or <c>!=</c>, and the path of a file test are compiled (a regular expression's <c>$</c> is an anchor, not a use).
    /// </summary>
    private void IfUses(IReadOnlyList<string> args, NginxDirective directive, ConfigFile file)
    {
        var words = NginxArgumentCheck.ConditionWords(args) ?? args.ToList();
        words.RemoveAll(w => w.Length == 0);
        if (words.Count == 0)
        {
            return;
        }

        if (words[0].StartsWith('$'))
        {
            Uses(words[0], directive, file);
            if (words.Count == 3 && words[1] is "=" or "!=")
            {
                Uses(words[2], directive, file);
            }
        }
        else if (words.Count == 2 && NginxArgumentCheck.IsFileTest(words[0]))
        {
            Uses(words[1], directive, file);
        }
    }

    /// <summary>Records each <c>$name</c> and <c>${name}</c> of an argument that is not built in (those are always there), as
    /// <c>ngx_http_script_compile</c> reads them, without the allocations of a regular expression: a large tree has a
    /// million arguments. A backslash does not hide a <c>$</c> from it. A <c>$</c> with no name after it (the end of the
    /// value, a space, <c>${}</c>) is "invalid variable name" (log_format's own reader: "invalid parameter"), and a
    /// <c>${</c> never closed is refused too: neither depends on what the configuration defines.</summary>
    private void Uses(string arg, NginxDirective directive, ConfigFile file)
    {
        var known = stream ? NginxBuiltinVariables.Stream : NginxBuiltinVariables.Instance;
        var at = arg.IndexOf('$', StringComparison.Ordinal);
        while (at >= 0)
        {
            if (at == arg.Length - 1)
            {
                Invalid(arg, at, directive, file, "invalid variable name");
                return;
            }

            if (arg[at + 1] is >= '1' and <= '9')
            {
                at = arg.IndexOf('$', at + 2); // a capture of the last regular expression
                continue;
            }

            var braced = arg[at + 1] == '{';
            var start = braced ? at + 2 : at + 1;
            var end = start;
            while (end < arg.Length && (char.IsAsciiLetterOrDigit(arg[end]) || arg[end] == '_'))
            {
                end++;
            }

            if (braced && (end == arg.Length || arg[end] != '}'))
            {
                Invalid(arg, at, directive, file, end == start && end < arg.Length ? "invalid variable name" : $"the closing bracket in \"{arg[start..end]}\" variable is missing");
                return;
            }

            if (end == start)
            {
                Invalid(arg, at, directive, file, "invalid variable name");
                return;
            }

            var name = arg.AsSpan(start, end - start);
            if (!char.IsAsciiDigit(name[0]) && !known.IsBuiltIn(name))
            {
                _uses.Add((NameTable.Get(name), directive, file)); // one string per name: a map's variable is used in each server
            }

            at = arg.IndexOf('$', braced ? end + 1 : end);
        }
    }

    /// <summary>Whether a context is the stream module's (its variables are apart from http's).</summary>
    public static bool IsStream(NginxContext context) => context is NginxContext.Stream or NginxContext.StreamServer or NginxContext.StreamUpstream;

    private void Invalid(string arg, int at, NginxDirective directive, ConfigFile file, string message) =>
        _invalid.Add((directive.Name == "log_format" ? $"invalid parameter \"{arg[at..]}\"" : message, directive, file));

    public void Check(Findings findings, bool foreignModules)
    {
        foreach (var (message, directive, file) in _invalid)
        {
            findings.Error(file, directive, message);
        }

        if (_unjudgeable || foreignModules)
        {
            return;
        }

        foreach (var (name, directive, file) in _uses)
        {
            if (!_defined.Contains(name))
            {
                // ngx_http_get_variable_index keeps the name in lower case, and says it so.
                findings.Error(file, directive, $"unknown \"{name.ToLowerInvariant()}\" variable");
            }
        }
    }

    private void Define(string arg)
    {
        if (arg.StartsWith('$') && arg.Length > 1)
        {
            _defined.Add(arg[1..].Trim('{', '}'));
        }
    }

    private void Captures(string text)
    {
        // Only a named group's opening: "(?:" and "(?i)" stand in many a rewrite and define nothing.
        // One vectorised search for "(?" first: the three openings are looked for only where it stands (most arguments
        // of a large tree hold no parenthesis at all).
        var open = text.AsSpan().IndexOf("(?".AsSpan());
        if (open < 0 || (!text.AsSpan(open).Contains("(?<", StringComparison.Ordinal) && !text.AsSpan(open).Contains("(?P<", StringComparison.Ordinal)
            && !text.AsSpan(open).Contains("(?'", StringComparison.Ordinal)))
        {
            return;
        }

        foreach (Match m in NamedCapture().Matches(text))
        {
            _defined.Add(m.Groups[1].Value.Length > 0 ? m.Groups[1].Value : m.Groups[2].Value);
        }
    }

    /// <summary><c>$name</c> or <c>${name}</c>; a name starting with a digit is a numbered capture, always there.</summary>
    [GeneratedRegex(@"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'")]
    private static partial Regex NamedCapture();
}
