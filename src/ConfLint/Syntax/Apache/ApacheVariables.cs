using System.Text;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// The variables <c>${VAR}</c> in an Apache configuration can name: what Debian's <c>/etc/apache2/envvars</c>
/// exports to apache2 (apache2ctl sources it before it starts the server), and <c>Define</c>'d variables.
/// </summary>
/// <remarks>
/// <para><see cref="ReadEnvvars"/> reads the simple part of that shell file, line by line:
/// <c>export NAME=value ...</c>, <c>NAME=value</c> (set, exported once an <c>export NAME</c> names it),
/// <c>export NAME</c>, <c>unset NAME ...</c>, and <c>: ${NAME:=default}</c> / <c>: ${NAME=default}</c>.
/// Values may be unquoted, <c>'single'</c> (literal) or <c>"double"</c> quoted, and may use <c>$NAME</c>,
/// <c>${NAME}</c>, <c>${NAME:-word}</c>, <c>${NAME-word}</c>, <c>${NAME:=word}</c> and <c>${NAME=word}</c>;
/// an unset variable is empty, as in the shell.</para>
/// <para>Ignored: everything inside <c>if</c>/<c>fi</c>, <c>case</c>/<c>esac</c> and loops (Debian's file sets
/// only the multi-instance <c>SUFFIX</c> there, empty for the default instance <c>/etc/apache2</c>, which is
/// what an unset <c>$SUFFIX</c> gives), <c>.</c>/<c>source</c>, other commands, comments, and any assignment
/// whose value needs a command substitution (<c>$(...)</c>, backticks) or another parameter expansion.</para>
/// </remarks>
public static class ApacheVariables
{
    /// <summary>At most this many characters of value after expansion (httpd itself has no bound, and runs out of memory).</summary>
    public const int MaxExpandedLength = 64 * 1024;

    /// <summary>
    /// The environment apache2 starts with after envvars: <paramref name="environment"/> (already exported),
    /// plus what the file exports, less what it unsets. Names are case-sensitive, as in the shell.
    /// </summary>
    public static Dictionary<string, string> ReadEnvvars(string text, IReadOnlyDictionary<string, string>? environment = null)
    {
        var reader = new EnvvarsReader(environment);
        reader.Read(text);
        return reader.Exported();
    }

    /// <summary>
    /// Replaces each <c>${NAME}</c> whose name is in <paramref name="variables"/>, as httpd's <c>ap_resolve_env</c>
    /// does (server/core.c): the name runs to the first <c>}</c>; an unknown variable is left as written; a
    /// replaced value is not scanned again; a <c>$</c> without <c>{...}</c> is text. httpd looks up
    /// <c>Define</c>'d variables before the environment: put both in one dictionary, Defines last.
    /// A replacement that would make the value longer than <see cref="MaxExpandedLength"/> is left as written (the
    /// value is then unknown, as with a variable that cannot be read): each <c>Define V2 ${V1}${V1}</c> doubles its
    /// value, and 44 such lines made 8.7 GB of strings and an OutOfMemoryException before the report.
    /// </summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> variables)
    {
        var start = value.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var i = 0;
        while (start >= 0)
        {
            var close = value.IndexOf('}', start + 2);
            if (close < 0)
            {
                break;
            }

            builder.Append(value, i, start - i);
            var name = value.Substring(start + 2, close - start - 2);
            if (variables.TryGetValue(name, out var replacement) && builder.Length + replacement.Length + (value.Length - close - 1) <= MaxExpandedLength)
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(value, start, close - start + 1);
            }

            i = close + 1;
            start = value.IndexOf("${", i, StringComparison.Ordinal);
        }

        return builder.Append(value, i, value.Length - i).ToString();
    }
}
