using System.Text;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Validation;

/// <summary>
/// The regular expressions nginx compiles when it reads the configuration (<c>ngx_regex_compile</c>, PCRE2), each as
/// nginx reads the word: <c>location ~</c> and <c>~*</c> (also glued, <c>location ~\.php$</c>), <c>if ($x ~ re)</c>,
/// <c>rewrite</c>, <c>server_name ~re</c>, <c>map</c> keys starting with <c>~</c>, <c>fastcgi_split_path_info</c>,
/// <c>gzip_disable</c>, <c>valid_referers ~re</c>, <c>proxy_redirect ~re</c>. What PCRE2 refuses is refused, in nginx's words.
/// </summary>
internal static class NginxRegexCheck
{
    private static readonly string[] Matches = ["~", "~*", "!~", "!~*"];

    /// <summary>The first pattern of the directive (or, for a map, of its entries) PCRE2 refuses: where nginx names it, and
    /// its message.</summary>
    public static (NginxDirective At, string Message)? Problem(NginxDirective directive)
    {
        var args = directive.Arguments;
        switch (directive.Name)
        {
            case "location" when args.Count == 2 && directive.Args[0] is "~" or "~*":
                return Judge(directive, Arg(directive, 1), directive.Args[0] == "~*");
            case "location" when args.Count == 1 && Arg(directive, 0) is ['~', ..] glued:
                return glued.StartsWith("~*", StringComparison.Ordinal) ? Judge(directive, glued[2..], true) : Judge(directive, glued[1..], false);
            case "if" when args.Count >= 3:
                var words = NginxArgumentCheck.ConditionWords(directive.Args);
                if (words is { Count: 3 } && Matches.Contains(words[1]))
                {
                    // The last word is the pattern once its ')' is taken off, as ConditionWords does with the values.
                    var last = Arg(directive, args.Count - 1);
                    var pattern = directive.Args[args.Count - 1] == ")" ? Arg(directive, args.Count - 2) : last.EndsWith(')') ? last[..^1] : last;
                    return Judge(directive, pattern, words[1].EndsWith('*'));
                }

                return null;
            case "rewrite" when args.Count >= 2:
                return Judge(directive, Arg(directive, 0), false);
            case "fastcgi_split_path_info" when args.Count == 1:
                return Judge(directive, Arg(directive, 0), false);
            case "server_name":
                return Each(directive, 0, w => w.Length > 1 && w[0] == '~' ? w[1..] : null, true);
            case "valid_referers":
                return Each(directive, 0, w => w.Length > 1 && w[0] == '~' ? w[1..] : null, true);
            case "gzip_disable":
                return Each(directive, 0, w => w is "msie6" or "degradation" ? null : w, true);
            case "proxy_redirect" when args.Count == 2 && Arg(directive, 0) is ['~', ..] redirect:
                return redirect.StartsWith("~*", StringComparison.Ordinal) ? Judge(directive, redirect[2..], true) : Judge(directive, redirect[1..], false);
            case "map" when directive.Block is { RawBody: null } map:
                foreach (var entry in map.Directives)
                {
                    var key = entry.Name;
                    if (key.Length > 1 && key[0] == '~' && (key = AsWord(key, entry.NameToken)) is { Length: > 1 } && entry.Name is not ("hostnames" or "volatile" or "include" or "default")
                        && (key.StartsWith("~*", StringComparison.Ordinal) ? Judge(entry, key[2..], true) : Judge(entry, key[1..], false)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static (NginxDirective, string)? Each(NginxDirective directive, int from, Func<string, string?> pattern, bool caseless)
    {
        var args = directive.Arguments;
        for (var i = from; i < args.Count; i++)
        {
            if (pattern(Arg(directive, i)) is { } regex && Judge(directive, regex, caseless) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static (NginxDirective, string)? Judge(NginxDirective directive, string pattern, bool caseless) =>
        Pcre.Error(pattern, caseless ? Pcre.Caseless : 0) is { } error
            ? (directive, Pcre.Rest(pattern, error.Offset) is { Length: > 0 } rest
                ? $"pcre2_compile() failed: {error.Message} in \"{pattern}\" at \"{rest}\""
                : $"pcre2_compile() failed: {error.Message} in \"{pattern}\"")
            : null;

    /// <summary>The argument as <see cref="Word"/> reads it, taken from the directive's values where they are the same (no
    /// backslash before a character ngx_conf_read_token unescapes): a tree's eighty thousand locations then make no copy.</summary>
    private static string Arg(NginxDirective directive, int index) => AsWord(directive.Args[index], directive.Arguments[index]);

    private static string AsWord(string value, SyntaxToken token)
    {
        for (var at = value.IndexOf('\\'); at >= 0 && at + 1 < value.Length; at = value.IndexOf('\\', at + 2))
        {
            if (value[at + 1] is '"' or '\'' or '\\' or 't' or 'r' or 'n')
            {
                return Word(token);
            }
        }

        return value;
    }

    /// <summary>A word as ngx_conf_read_token makes it: the quotes taken off, and in any word <c>\"</c>, <c>\'</c> and
    /// <c>\\</c> made the character itself, <c>\t</c>, <c>\r</c> and <c>\n</c> a tab, CR and LF; other backslashes kept.</summary>
    internal static string Word(SyntaxToken token)
    {
        var text = token.Text;
        if (token.Kind == TokenKind.QuotedString && text.Length >= 2)
        {
            text = text[1..^1];
        }

        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                switch (text[i + 1])
                {
                    case '"' or '\'' or '\\':
                        builder.Append(text[i + 1]);
                        i++;
                        continue;
                    case 't':
                        builder.Append('\t');
                        i++;
                        continue;
                    case 'r':
                        builder.Append('\r');
                        i++;
                        continue;
                    case 'n':
                        builder.Append('\n');
                        i++;
                        continue;
                }
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
