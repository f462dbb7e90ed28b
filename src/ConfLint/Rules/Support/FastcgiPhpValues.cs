using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// The php.ini settings an nginx front end passes with each request: <c>fastcgi_param PHP_VALUE "..."</c> and
/// <c>fastcgi_param PHP_ADMIN_VALUE "..."</c>. php-fpm reads both for every request (php-src sapi/fpm/fpm/fpm_main.c,
/// init_request_info: <c>FCGI_GETENV(request, "PHP_VALUE")</c>, then <c>"PHP_ADMIN_VALUE"</c>), parses each as INI text
/// (<c>zend_parse_ini_string</c>, one entry a line) and applies each entry with <c>fpm_php_apply_defines_ex</c>, which
/// sets the value through <c>fpm_php_zend_ini_alter_master</c> without looking at the entry's <c>modifiable</c>: so a
/// request's value replaces the pool's <c>php_admin_value[...]</c> as well as php.ini's, and PHP_ADMIN_VALUE, applied
/// second, wins over PHP_VALUE. nginx reads <c>\n</c> in a directive's word as a newline (ngx_conf_file.c,
/// ngx_conf_read_token), which is how one PHP_VALUE carries several lines. The parameters are the ones of the
/// location's effective <c>fastcgi_param</c> list (the nearest level that sets any: <see cref="NginxListEdits.Effective"/>);
/// where the list names PHP_VALUE twice, php-fpm keeps the last one sent (php-src main/fastcgi.c, fcgi_hash_set
/// replaces a name's value).
/// </summary>
internal static class FastcgiPhpValues
{
    /// <summary>What a front end's requests set <c>name</c> to: <see cref="Value"/> null where it is not known ahead (an
    /// nginx variable; an Apache setting whose condition is known only per request: <see cref="Why"/> says so);
    /// <see cref="Directive"/> is the line that sets it (<c>fastcgi_param</c>, <c>SetEnv</c>, <c>ProxyFCGISetEnvIf</c>...),
    /// <see cref="Source"/> how a message names it (<c>fastcgi_param PHP_VALUE</c>).</summary>
    internal sealed record Setting(string Name, string? Value, string Param, SyntaxNode Directive, ConfigFile File, Diagnostics.Location Location, string Source)
    {
        /// <summary>Why the value is not known, where it is not and the reason is not a variable.</summary>
        public string? Why { get; init; }

        /// <summary>How a message names it: <c>max_execution_time=600, from fastcgi_param PHP_VALUE</c>.</summary>
        public string Describe() => $"{Name}={Value ?? "(a variable)"}, from {Source}";
    }

    /// <summary>The setting of <paramref name="name"/> the front end's requests carry; null where its location passes
    /// neither PHP_VALUE nor PHP_ADMIN_VALUE with that name (or is no FastCGI pass). A parameter whose text holds a
    /// variable outside the value of another setting (a whole <c>$php_value</c>, a variable as a key) may set anything:
    /// it is returned with a null value. Apache's are read by <see cref="ApacheFcgiEnvironment"/>.</summary>
    public static Setting? Find(HostModel host, FrontEnd frontEnd, string name)
    {
        if (frontEnd.Daemon == Syntax.ConfigKind.Apache)
        {
            return frontEnd.Protocol == BackendProtocol.FastCgi ? ApacheFcgiEnvironment.Find(host, frontEnd, name) : null;
        }

        if (frontEnd.DirectiveName != "fastcgi_pass" || frontEnd.Details is not NginxPass { Scope: var scope }
            || NginxListEdits.Effective(scope, "fastcgi_param") is not var (_, entries))
        {
            return null;
        }

        // php-fpm applies PHP_VALUE first and PHP_ADMIN_VALUE after it; of each, the last one nginx sends.
        Setting? found = null;
        foreach (var param in (ReadOnlySpan<string>)["PHP_VALUE", "PHP_ADMIN_VALUE"])
        {
            (NginxDirective Directive, ConfigFile File)? last = null;
            foreach (var entry in entries)
            {
                if (entry.Directive.Args is [var key, _, ..] && key.Equals(param, StringComparison.Ordinal))
                {
                    last = entry;
                }
            }

            if (last is var (directive, file) && Read(directive.Args[1], name) is var (known, value))
            {
                var at = directive.Arguments.Count > 1 ? directive.Arguments[1].Location : directive.Location;
                found = new Setting(name, known ? value : null, param, directive, file, at, $"fastcgi_param {param}");
            }
        }

        return found;
    }

    /// <summary>The value the INI text gives <paramref name="name"/> (the last line that sets it), unknown where that
    /// value holds a variable or where a variable stands outside any other setting's value; null where the text does not
    /// set it.</summary>
    internal static (bool Known, string? Value)? Read(string text, string name) => ReadIni(Unescape(text), name);

    /// <summary><see cref="Read"/> of a text whose escapes are already resolved (an Apache value).</summary>
    internal static (bool Known, string? Value)? ReadIni(string text, string name)
    {
        (bool, string?)? result = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? line : line[..equals].Trim();
            if (key.Contains('$', StringComparison.Ordinal))
            {
                // `$php_settings` or `$name=...`: the variable may hold this setting, or anything.
                result = (false, null);
                continue;
            }

            if (equals < 0 || !key.Equals(name, StringComparison.Ordinal))
            {
                continue;
            }

            var value = Unquote(line[(equals + 1)..].Trim());
            result = value.Contains('$', StringComparison.Ordinal) ? (false, null) : (true, value);
        }

        return result;
    }

    /// <summary>nginx's reading of backslashes in a word (ngx_conf_read_token): <c>\n</c>, <c>\r</c>, <c>\t</c> become the
    /// characters, <c>\\</c> one backslash; any other backslash stays. ConfLint's parser keeps them as written.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                var replaced = next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '\\' => '\\', _ => (char?)null };
                if (replaced is { } c)
                {
                    builder.Append(c);
                    i++;
                    continue;
                }
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    /// <summary>The line up to a <c>;</c> outside double quotes (the INI scanner's comment).</summary>
    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ';' && !quoted)
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
