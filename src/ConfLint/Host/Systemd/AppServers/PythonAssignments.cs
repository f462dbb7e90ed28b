using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// The settings a Python configuration file (gunicorn's) assigns, read without running it: a name assigned at the top
/// level a literal (a string, a number, <c>0o007</c> too, <c>True</c>/<c>False</c>, a list or tuple of those) has that value; a name
/// assigned anything else, assigned inside a block (an <c>if</c>, a function), or changed in place (<c>+=</c>,
/// <c>.append</c>) is computed, and a star import or <c>exec</c> makes every name computed. The last top-level
/// statement about a name decides, as Python runs them in order. Where the process's environment is given
/// (<see cref="EnvironmentLookup"/>), the usual ways of reading it are evaluated as Python does
/// (<see cref="EnvironmentValue"/>): <c>os.environ.get('X', '90')</c>, <c>os.getenv('X')</c>, <c>os.environ['X']</c>,
/// inside <c>int(...)</c> or <c>str(...)</c>, and strings joined with <c>+</c>; a variable whose value is not known
/// leaves the name computed, and says which (<see cref="Assignment.Why"/>).
/// </summary>
public sealed partial class PythonAssignments
{
    private readonly Dictionary<string, Assignment> _names = new(StringComparer.Ordinal);

    /// <summary>What the file leaves in a name: literal values (strings without quotes, numbers as written) or computed.</summary>
    /// <param name="FromEnvironment">The environment variables the value was read from, as the process has them
    /// (<c>INVENTREE_GUNICORN_TIMEOUT=300</c>, <c>PORT unset</c>), for messages; null for a literal.</param>
    /// <param name="Why">Why a computed value is not known, where it is one of the environment's: the variable whose value
    /// ConfLint cannot know.</param>
    public sealed record Assignment(string Name, IReadOnlyList<string>? Values, Location Location, string? FromEnvironment = null, string? Why = null)
    {
        public bool IsComputed => Values is null;
    }

    /// <summary>A variable of the process's environment: its value (null where it is unset or not known), and whether
    /// that is known (<paramref name="known"/> false where it may be set where ConfLint cannot see).</summary>
    public delegate string? EnvironmentLookup(string name, out bool known);

    /// <summary>Every name may have been set by code ConfLint cannot read (a star import, <c>exec</c>).</summary>
    public bool Opaque { get; private set; }

    public SourceText Source { get; }

    private EnvironmentLookup? _environment;

    private PythonAssignments(SourceText source) => Source = source;

    /// <summary>The last assignment of <paramref name="name"/>, or null when the file does not assign it (and is not opaque).</summary>
    public Assignment? Get(string name) => _names.GetValueOrDefault(name);

    /// <param name="environment">The process's environment, to evaluate what the file reads from it; null: not evaluated.</param>
    public static PythonAssignments Read(SourceText source, EnvironmentLookup? environment = null)
    {
        var result = new PythonAssignments(source) { _environment = environment };
        var text = source.Text;
        var line = 1;
        while (line <= source.LineCount)
        {
            var span = source.GetLineSpan(line);
            var first = line;
            var logical = StripComment(text.Substring(span.Start, span.Length));

            // A statement continues while a bracket is open (a list over several lines).
            while (Depth(logical) > 0 && line < source.LineCount)
            {
                line++;
                var next = source.GetLineSpan(line);
                logical += "\n" + StripComment(text.Substring(next.Start, next.Length));
            }

            line++;
            result.Statement(logical, source.GetLineSpan(first).Start, source);
        }

        return result;
    }

    private void Statement(string statement, int start, SourceText source)
    {
        if (statement.Trim().Length == 0)
        {
            return;
        }

        var trimmed = statement.TrimStart();
        if (StarImport().IsMatch(trimmed) || trimmed.StartsWith("exec(", StringComparison.Ordinal) || trimmed.Contains("globals()", StringComparison.Ordinal))
        {
            Opaque = true;
            return;
        }

        var indented = statement.Length > 0 && statement[0] is ' ' or '\t';
        var match = AssignmentPattern().Match(statement);
        if (match.Success)
        {
            var name = match.Groups["name"].Value;
            var rhs = match.Groups["value"];
            var location = HostFiles.At(source, start + rhs.Index, rhs.Value.TrimEnd().Length);
            var literal = indented ? null : Literal(rhs.Value.Trim());
            if (literal is null && !indented && _environment is not null && EnvironmentValue.Evaluate(rhs.Value.Trim(), _environment) is { } evaluated)
            {
                _names[name] = new Assignment(name, evaluated.Values, location, evaluated.Variables, evaluated.Why);
                return;
            }

            _names[name] = new Assignment(name, literal, location);
            return;
        }

        // Changed in place or by a call: bind += [...], bind.append(...), timeout: int = 30 is handled above.
        if (InPlace().Match(statement) is { Success: true } change)
        {
            var name = change.Groups["name"].Value;
            _names[name] = new Assignment(name, null, HostFiles.At(source, start + change.Index, change.Length));
        }
    }

    /// <summary>A literal's values: one for a scalar, each element for a list or tuple; null when it is not a literal.</summary>
    private static List<string>? Literal(string text)
    {
        if (text.Length >= 2 && text[0] is '[' or '(' && text[^1] == (text[0] == '[' ? ']' : ')'))
        {
            var items = new List<string>();
            foreach (var part in SplitTopLevel(text[1..^1]))
            {
                if (part.Trim().Length == 0)
                {
                    continue;
                }

                if (Scalar(part.Trim()) is not { } value)
                {
                    return null;
                }

                items.Add(value);
            }

            return items;
        }

        return Scalar(text) is { } scalar ? [scalar] : null;
    }

    private static string? Scalar(string text)
    {
        if (text.Length >= 2 && (text[0] is '"' or '\'' || (text.Length >= 3 && text[0] is 'r' or 'R' or 'u' or 'U' && text[1] is '"' or '\'')))
        {
            var raw = text[0] is 'r' or 'R' or 'u' or 'U' ? text[1..] : text;
            var quote = raw[0];
            if (raw.Length >= 2 && raw[^1] == quote && raw.IndexOf(quote, 1) == raw.Length - 1 && !raw.StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                return raw[1..^1];
            }

            return null;
        }

        if (text is "True" or "False" or "None")
        {
            return text;
        }

        // An int with a base prefix (umask = 0o007, 0x1f, 0b1) is kept as written, for the reader to take it as Python does.
        var number = text.Replace("_", string.Empty, StringComparison.Ordinal);
        return double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) ? number
            : PrefixedInt().IsMatch(text) ? text : null;
    }

    /// <summary>Splits on commas outside strings and brackets.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                quote = c == q ? null : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '[' or '(' or '{':
                    depth++;
                    break;
                case ']' or ')' or '}':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    /// <summary>Open brackets outside strings.</summary>
    private static int Depth(string text)
    {
        var depth = 0;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                quote = c == q ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '[' or '(' or '{')
            {
                depth++;
            }
            else if (c is ']' or ')' or '}')
            {
                depth--;
            }
        }

        return depth;
    }

    /// <summary>The line without a <c>#</c> comment outside strings.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                quote = c == q ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary><c>name = value</c> or <c>name: type = value</c> (not <c>==</c>), at any indentation.</summary>
    [GeneratedRegex(@"^[ \t]*(?<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=]*)?=(?!=)[ \t]*(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex AssignmentPattern();

    [GeneratedRegex(@"^[ \t]*(?<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:[-+*/|&]=|\.[A-Za-z_]+\()")]
    private static partial Regex InPlace();

    [GeneratedRegex(@"^[+-]?0[xXoObB][0-9a-fA-F_]+$")]
    private static partial Regex PrefixedInt();

    [GeneratedRegex(@"^from\s+\S+\s+import\s+\*")]
    private static partial Regex StarImport();
}
