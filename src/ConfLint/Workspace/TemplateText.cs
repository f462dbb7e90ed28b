using ConfLint.Knowledge;
using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>
/// Tells a template another program fills in before the daemon reads it from a configuration, by what it holds
/// (its name may be an ordinary <c>.conf</c>): a Jinja, Twig, Liquid or Go-template tag (<c>{% if %}</c>,
/// <c>{{ name }}</c>) on a line that is not a comment, or, in an nginx file, an envsubst placeholder
/// (<c>${UPPER_NAME}</c>) that names no variable nginx has, a sed placeholder <c>{UPPER_NAME}</c> standing as an
/// argument, a <c>__NAME__</c> or <c>@NAME@</c> placeholder in capitals, or, in a PHP-FPM file, a word in capitals where
/// php-fpm reads a number. nginx takes <c>${name}</c> as its own variable, without
/// case, so only a name no built-in variable has, in capitals, that the file defines nowhere, is taken for one.
/// None of these is configuration text any daemon reads: Apache, PHP-FPM, HAProxy and systemd expand <c>${NAME}</c>
/// themselves, so the placeholder is judged for nginx only.
/// </summary>
public static class TemplateText
{
    /// <summary>The prefixes of the constants PHP defines before php-fpm reads its files.</summary>
    private static readonly string[] PhpConstantPrefixes = ["E_", "PHP_", "ZEND_", "PEAR_", "DEFAULT_"];

    /// <summary>The first template tag or placeholder of the text, with its line, or null. A Compose or PM2 file is a
    /// template only when it does not parse (<paramref name="parses"/> false): YAML and JSON values may hold <c>{{ }}</c>
    /// that another program reads (a logging driver's <c>tag: "{{.Name}}"</c>), while a Jinja statement tag standing
    /// for lines (Mailu's generated <c>docker-compose.yml</c>) makes the file no YAML at all.</summary>
    public static (string Marker, int Line)? Find(string text, ConfigKind kind, bool parses = true)
    {
        if (kind is ConfigKind.Compose or ConfigKind.Pm2)
        {
            if (parses)
            {
                return null;
            }
        }
        else if (kind is not (ConfigKind.Nginx or ConfigKind.Apache or ConfigKind.PhpFpm or ConfigKind.Systemd or ConfigKind.Supervisor or ConfigKind.Haproxy))
        {
            return null;
        }

        var hasTag = text.Contains("{%", StringComparison.Ordinal) || text.Contains("{{", StringComparison.Ordinal);
        var hasPlaceholder = kind == ConfigKind.Nginx && text.Contains("${", StringComparison.Ordinal);
        var hasDollar = kind == ConfigKind.Nginx && AnyVariableInValueSlot(text);
        var hasBraced = kind == ConfigKind.Nginx && MayHoldBraced(text);
        var hasUnderscored = text.Contains("__", StringComparison.Ordinal);
        // Looked for in the whole text before its lines are (nginx files often hold '@', in named locations and mail
        // addresses; a line split of a 50 MB file for each cost seconds and hundreds of megabytes).
        var hasAt = kind is not (ConfigKind.Compose or ConfigKind.Pm2) && AtDelimited(text) is not null;
        var fpm = kind == ConfigKind.PhpFpm;
        if (!hasTag && !hasPlaceholder && !hasUnderscored && !hasBraced && !hasDollar && !hasAt && !fpm && !(kind is ConfigKind.Compose or ConfigKind.Pm2 && text.Contains("\\$", StringComparison.Ordinal)))
        {
            return null;
        }

        // A Lua block may hold a table of tables ({{1, 2}}): there only a statement tag counts.
        var lua = kind == ConfigKind.Nginx && text.Contains("_by_lua", StringComparison.Ordinal);
        var lineNumber = 0;
        HashSet<string>? defined = null;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimStart();
            if (line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (hasTag && (Tag(line, "{%", "%}") ?? (lua ? null : Tag(line, "{{", "}}"))) is { } tag)
            {
                return (tag, lineNumber);
            }

            if (hasPlaceholder && Placeholder(line, text, ref defined) is { } placeholder)
            {
                return (placeholder, lineNumber);
            }

            if (hasUnderscored && Underscored(line) is { } underscored)
            {
                return (underscored, lineNumber);
            }

            if (hasAt && AtDelimited(line) is { } at)
            {
                return (at, lineNumber);
            }

            if (fpm && CapitalInTypedSlot(line) is { } capital)
            {
                return (capital, lineNumber);
            }

            if (hasBraced && !lua && Braced(line) is { } braced)
            {
                return (braced, lineNumber);
            }

            if (hasDollar && VariableInValueSlot(line) is { } variable && !DefinedHere(variable, text, ref defined))
            {
                return (variable, lineNumber);
            }

            if (kind is ConfigKind.Compose or ConfigKind.Pm2 && line.IndexOf("\\$", StringComparison.Ordinal) is >= 0 and var escaped)
            {
                // `\$` is a shell here-document's escaped dollar (xwiki's generator writes its Compose files from one):
                // the text is the generator's, not the YAML Compose reads (YAML has no `\$` escape).
                return ("\\$", lineNumber);
            }
        }

        return null;
    }

    private static string? Tag(string line, string open, string close)
    {
        var start = line.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = line.IndexOf(close, start + open.Length, StringComparison.Ordinal);
        return end < 0 ? null : line[start..(end + close.Length)];
    }

    /// <summary>A placeholder written <c>__NAME__</c> in capitals (YunoHost's <c>__PORT__</c>, <c>__INSTALL_DIR__</c>),
    /// which no daemon expands. One that goes on into a longer name is a separator inside it instead, as in the
    /// environment variables Airflow and others read (<c>AIRFLOW__WEBSERVER__WEB_SERVER_PORT</c>).</summary>
    private static string? Underscored(string line)
    {
        for (var at = line.IndexOf("__", StringComparison.Ordinal); at >= 0 && at + 2 < line.Length; at = line.IndexOf("__", at + 2, StringComparison.Ordinal))
        {
            var start = at + 2;
            var end = start;
            while (end < line.Length && (char.IsAsciiLetterUpper(line[end]) || char.IsAsciiDigit(line[end]) || (line[end] == '_' && !(end + 1 < line.Length && line[end + 1] == '_'))))
            {
                end++;
            }

            if (end > start && char.IsAsciiLetterUpper(line[start]) && line[end - 1] != '_' && line.AsSpan(end).StartsWith("__")
                && !(end + 2 < line.Length && char.IsAsciiLetterOrDigit(line[end + 2])))
            {
                return line[at..(end + 2)];
            }
        }

        return null;
    }

    /// <summary>A placeholder written <c>@NAME@</c> in capitals (autoconf's and many images' sed placeholders,
    /// <c>pm.max_children = @FPM_PM_MAX_CHILDREN@</c>, <c>client_max_body_size @UPLOAD_MAX_SIZE@;</c>), which no daemon
    /// expands; nginx's named locations (<c>@fallback</c>) and mail addresses have no closing <c>@</c>.</summary>
    private static string? AtDelimited(string line)
    {
        for (var at = line.IndexOf('@'); at >= 0 && at + 1 < line.Length; at = line.IndexOf('@', at + 1))
        {
            if (at > 0 && (char.IsAsciiLetterOrDigit(line[at - 1]) || line[at - 1] == '_'))
            {
                continue;
            }

            var end = at + 1;
            while (end < line.Length && (char.IsAsciiLetterUpper(line[end]) || char.IsAsciiDigit(line[end]) || line[end] == '_'))
            {
                end++;
            }

            if (end > at + 1 && char.IsAsciiLetterUpper(line[at + 1]) && end < line.Length && line[end] == '@'
                && (end + 1 == line.Length || !(char.IsAsciiLetterOrDigit(line[end + 1]) || line[end + 1] == '_')))
            {
                return line[at..(end + 1)];
            }
        }

        return null;
    }

    /// <summary>In a PHP-FPM file, a value in capitals with an underscore (<c>pm.max_children = PH_MAX_CHILDREN</c>, iRedMail's
    /// sed placeholders) for a key php-fpm reads as a number, a time, a flag or a choice: php-fpm refuses any word there,
    /// and its INI reader replaces only PHP's own constants (<c>E_ALL</c>, <c>PHP_INT_MAX</c>), so such a line is a
    /// template's, filled in before php-fpm reads it.</summary>
    private static string? CapitalInTypedSlot(string line)
    {
        var equals = line.IndexOf('=');
        if (equals <= 0)
        {
            return null;
        }

        var key = line[..equals].Trim();
        var value = line[(equals + 1)..].Trim();
        if (value.Length < 3 || !char.IsAsciiLetterUpper(value[0]) || !value.Contains('_', StringComparison.Ordinal)
            || value.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") >= 0
            || PhpConstantPrefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }

        var table = FpmKeyTable.Instance;
        var kind = table.Find(key, global: false) ?? table.Find(key, global: true);
        return kind is FpmValueKind.Integer or FpmValueKind.Time or FpmValueKind.Boolean or FpmValueKind.ProcessManager or FpmValueKind.LogLevel or FpmValueKind.RlimitCore
            ? value
            : null;
    }

    /// <summary>Whether some <c>{</c> follows a blank and comes before a capital: only then are the lines looked at
    /// (every nginx file has braces; splitting each into lines would cost the large trees' load).</summary>
    private static bool MayHoldBraced(string text)
    {
        for (var at = text.IndexOf('{'); at >= 0; at = text.IndexOf('{', at + 1))
        {
            if (at > 0 && text[at - 1] is ' ' or '\t' && at + 1 < text.Length && char.IsAsciiLetterUpper(text[at + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An nginx argument written <c>{NAME}</c> in capitals outside quotes (zabbix's images fill
    /// <c>server_tokens {EXPOSE_WEB_SERVER_INFO};</c> with sed): nginx reads a <c>{</c> there as a block's start, so no
    /// configuration nginx accepts has one, while a deployment's start script replaces it before nginx reads the file.</summary>
    private static string? Braced(string line)
    {
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\')
            {
                i++;
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return null;
            }
            else if (c == '{' && i > 0 && line[i - 1] is ' ' or '\t' && i + 1 < line.Length && char.IsAsciiLetterUpper(line[i + 1]))
            {
                var end = i + 1;
                while (end < line.Length && (char.IsAsciiLetterUpper(line[end]) || char.IsAsciiDigit(line[end]) || line[end] == '_'))
                {
                    end++;
                }

                if (end < line.Length && line[end] == '}')
                {
                    return line[i..(end + 1)];
                }
            }
        }

        return null;
    }

    /// <summary>Whether some line holds <see cref="VariableInValueSlot"/>: looked for from each <c>$</c>, so that a file is
    /// split into lines only when one does (every nginx file has variables).</summary>
    private static bool AnyVariableInValueSlot(string text)
    {
        for (var at = text.IndexOf('$'); at >= 0; at = text.IndexOf('$', at + 1))
        {
            var start = text.LastIndexOf('\n', at) + 1;
            while (start < at && text[start] is ' ' or '\t')
            {
                start++;
            }

            var end = text.IndexOf('\n', at);
            if (VariableInValueSlot(text[start..(end < 0 ? text.Length : end)]) is not null)
            {
                return true;
            }

            if (end < 0)
            {
                break;
            }

            at = end;
        }

        return false;
    }

    /// <summary>An envsubst placeholder in any case (<c>client_max_body_size ${client_max_body_size};</c>,
    /// <c>fastcgi_read_timeout $fastcgi_read_timeout;</c>, alpine images filled by envsubst at start) where nginx takes
    /// no variable: a directive whose standard handler reads a size, time, number, flag or choice refuses any `$`
    /// ("invalid value"), so such a line is never nginx's own text, while a start script's envsubst replaces it.</summary>
    private static string? VariableInValueSlot(string line)
    {
        var dollar = line.IndexOf('$');
        if (dollar < 0)
        {
            return null;
        }

        var end = 0;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
        {
            end++;
        }

        if (end == 0 || end >= dollar || line[end] is not (' ' or '\t'))
        {
            return null;
        }

        var infos = NginxDirectiveTable.Instance.Named(line[..end]);
        if (infos.Count == 0 || !infos.All(i => i.Value is NginxValueKind.Flag or NginxValueKind.Number or NginxValueKind.Size or NginxValueKind.Offset
            or NginxValueKind.Milliseconds or NginxValueKind.Seconds or NginxValueKind.Enum or NginxValueKind.Bitmask or NginxValueKind.Buffers))
        {
            return null;
        }

        var semicolon = line.IndexOf(';', dollar);
        var comment = line.IndexOf('#');
        if (comment >= 0 && comment < dollar)
        {
            return null;
        }

        var stop = dollar + 1;
        if (stop < line.Length && line[stop] == '{')
        {
            var close = line.IndexOf('}', stop);
            stop = close < 0 ? stop : close + 1;
        }
        else
        {
            while (stop < line.Length && (char.IsAsciiLetterOrDigit(line[stop]) || line[stop] == '_'))
            {
                stop++;
            }
        }

        return stop > dollar + 1 && (semicolon < 0 || stop <= semicolon) ? line[dollar..stop] : null;
    }

    /// <summary>Whether the file gives the variable of a value slot (<c>$name</c> or <c>${name}</c>) a value nginx knows
    /// (<c>set $name ...</c>, a map, geo or split_clients): then it is nginx's own variable put where nginx takes none
    /// (nginx refuses it, and CL000 says so), not a placeholder a start script fills in.</summary>
    private static bool DefinedHere(string variable, string text, ref HashSet<string>? defined)
    {
        var name = variable.AsSpan(1).Trim("{}");
        defined ??= DefinedNames(text);
        return defined.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);
    }

    /// <summary>
    /// The first <c>${UPPER_NAME}</c> of a line that names no built-in variable and none the file defines. The name is
    /// read character by character up to its <c>}</c> (a line of many <c>${</c> before one <c>}</c> made a copy of the
    /// rest of the line for each: gigabytes for a 100 kB line), and what the file defines is gathered once, in one pass
    /// over its text (<paramref name="defined"/>), not searched for again for each name.
    /// </summary>
    private static string? Placeholder(string line, string text, ref HashSet<string>? defined)
    {
        for (var at = line.IndexOf("${", StringComparison.Ordinal); at >= 0; at = line.IndexOf("${", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < line.Length && (char.IsAsciiLetterUpper(line[end]) || char.IsAsciiDigit(line[end]) || line[end] == '_'))
            {
                end++;
            }

            if (end == at + 2 || end >= line.Length || line[end] != '}' || !char.IsAsciiLetterUpper(line[at + 2]))
            {
                continue;
            }

            var name = line[(at + 2)..end];
            defined ??= DefinedNames(text);
            if (!NginxBuiltinVariables.Instance.IsBuiltIn(name) && !defined.Contains(name))
            {
                return line[at..(end + 1)];
            }
        }

        return null;
    }

    /// <summary>The names the text gives a value nginx knows, without case: <c>$NAME</c> after a blank on a line that
    /// begins with <c>set</c>, <c>map </c>, <c>geo </c> or <c>split_clients</c>, after a <c>set</c> later on a line, or right after a word ending in
    /// <c>_set</c> (<c>perl_set</c>, <c>auth_request_set</c>), and the names of named captures (<c>&lt;NAME&gt;</c>,
    /// <c>'NAME'</c>): then <c>${NAME}</c> is nginx's.</summary>
    private static HashSet<string> DefinedNames(string text)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lineStart = 0;
        var defines = false;
        var headKnown = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineStart = i + 1;
                headKnown = false;
            }
            else if (c == '$' && i > lineStart && text[i - 1] is ' ' or '\t')
            {
                if (!headKnown)
                {
                    defines = HeadDefines(text, lineStart);
                    headKnown = true;
                }

                if ((defines || EndsWithSet(text, lineStart, i - 1) || AfterSet(text, lineStart, i - 1)) && Identifier(text, i + 1) is { Length: > 0 } name)
                {
                    names.Add(name);
                }
            }
            else if ((c == '<' || c == '\'') && Identifier(text, i + 1) is { Length: > 0 } captured
                     && i + 1 + captured.Length < text.Length && text[i + 1 + captured.Length] == (c == '<' ? '>' : '\''))
            {
                names.Add(captured);
            }
        }

        return names;
    }

    /// <summary>Whether the line starting at <paramref name="lineStart"/> begins (after blanks) with a directive that
    /// defines a variable.</summary>
    private static bool HeadDefines(string text, int lineStart)
    {
        var start = lineStart;
        while (start < text.Length && text[start] != '\n' && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var rest = text.AsSpan(start);
        return rest.StartsWith("set", StringComparison.Ordinal) || rest.StartsWith("map ", StringComparison.Ordinal)
            || rest.StartsWith("geo ", StringComparison.Ordinal) || rest.StartsWith("split_clients", StringComparison.Ordinal);
    }

    /// <summary>Whether the word before the blank at <paramref name="blank"/> is <c>set</c> standing as a directive after
    /// another on the same line (<c>proxy_pass ...; set $t 20s;</c>).</summary>
    private static bool AfterSet(string text, int lineStart, int blank) =>
        blank - lineStart >= 4 && text.AsSpan(blank - 3, 3).SequenceEqual("set") && text[blank - 4] is ' ' or '\t' or ';' or '{';

    /// <summary>Whether the text before the blank at <paramref name="blank"/>, on its line, ends with <c>_set</c>.</summary>
    private static bool EndsWithSet(string text, int lineStart, int blank) =>
        blank - lineStart >= 4 && text.AsSpan(blank - 4, 4).SequenceEqual("_set");

    /// <summary>The letters, digits and underscores from <paramref name="start"/> (a run of them follows one other
    /// character, so each is read once).</summary>
    private static string Identifier(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return text[start..end];
    }
}
