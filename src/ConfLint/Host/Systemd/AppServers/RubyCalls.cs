using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// The method calls of a Ruby configuration DSL file (puma's), read without running it: each call with its arguments
/// when they are literals (strings without interpolation, integers, symbols), in order, and whether it stands at the
/// top level. A call inside a block or conditional (<c>if</c> ... <c>end</c>, <c>on_worker_boot do</c> ... <c>end</c>,
/// a trailing <c>if</c>/<c>unless</c>) or with an argument computed by code is marked so: what it sets is unknown.
/// With the process's environment, <c>ENV.fetch("NAME", default)</c>, <c>ENV.fetch("NAME") { default }</c> and
/// <c>ENV["NAME"]</c>, alone or inside a string's <c>#{...}</c>, are read as the value NAME has there; where it is not
/// set, the default is not assumed (the environment may come from elsewhere), and the argument stays unknown.
/// A local variable assigned once in the file, at the top level and unconditionally, from a literal (<c>app_root =
/// '/srv/redmine'</c>, a double-quoted string whose <c>#{...}</c> name such variables, an integer; <c>.freeze</c> allowed),
/// is read as that value in the lines after it: as a whole argument, and inside a double-quoted argument's <c>#{NAME}</c>.
/// A variable assigned more than once (<c>||=</c>, <c>+=</c>, a second assignment anywhere, in a block or branch too),
/// changed in place (<c>&lt;&lt;</c>, a method ending in <c>!</c>, <c>replace</c>, <c>concat</c>...), assigned under a
/// condition or from anything else (<c>File.expand_path('..', __dir__)</c>, <c>ENV</c>) stays unknown.
/// Trailing keyword pairs of literals (<c>:backlog =&gt; 64</c>, <c>backlog: 64</c>: unicorn's <c>listen</c> options) are
/// the call's <see cref="Call.Options"/>, apart from its arguments.
/// </summary>
public static partial class RubyCalls
{
    /// <summary>A call: its name, its literal arguments (null when one is not a literal), whether it runs unconditionally.</summary>
    public sealed record Call(string Name, IReadOnlyList<string>? Arguments, bool Unconditional, Location Location)
    {
        /// <summary>Its trailing keyword pairs (<c>:backlog =&gt; 64</c>, <c>umask: 0007</c>), name to literal value; empty
        /// when there are none, and when <see cref="Arguments"/> is null.</summary>
        public IReadOnlyDictionary<string, string> Options { get; init; } = NoOptions;
    }

    private static readonly Dictionary<string, string> NoOptions = new(StringComparer.Ordinal);

    private static readonly string[] Openers = ["if", "unless", "case", "while", "until", "begin", "def", "class", "module", "for"];

    public static IReadOnlyList<Call> Read(SourceText source, IReadOnlyDictionary<string, string>? environment = null)
    {
        var calls = new List<Call>();
        var depth = 0;
        var lines = Enumerable.Range(1, source.LineCount).Select(n => source.GetLineSpan(n)).Select(span => StripComment(source.Text.Substring(span.Start, span.Length))).ToList();
        var assignedOnce = AssignedOnce(lines);
        var variables = new Dictionary<string, Variable>(StringComparer.Ordinal);
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = lines[line - 1];
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("=begin", StringComparison.Ordinal))
            {
                continue;
            }

            var first = FirstWord().Match(trimmed).Value;
            if (first is "end" || trimmed.StartsWith("end ", StringComparison.Ordinal) || trimmed.StartsWith("end.", StringComparison.Ordinal))
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (first is "else" or "elsif" or "when" or "rescue" or "ensure" or "in")
            {
                continue;
            }

            var opens = Openers.Contains(first) && !trimmed.EndsWith(" end", StringComparison.Ordinal)
                        || BlockStart().IsMatch(trimmed);
            if (Assignment().Match(trimmed) is { Success: true } assignment)
            {
                // A local variable, not a call: its value is known when it is assigned once, here, at the top level,
                // unconditionally, from a literal.
                var name = assignment.Groups["name"].Value;
                var value = assignment.Groups["value"].Value.Trim();
                if (depth == 0 && !opens && assignment.Groups["op"].Length == 0 && assignedOnce.Contains(name) && !Modifier().IsMatch(" " + value)
                    && Literal(value, variables) is { } known)
                {
                    variables[name] = known;
                }
            }
            else if (CallPattern().Match(trimmed) is { Success: true } match && !Openers.Contains(match.Groups["name"].Value))
            {
                var name = match.Groups["name"].Value;
                var rest = match.Groups["args"].Value;
                var modifier = Modifier().IsMatch(rest);
                var options = new Dictionary<string, string>(StringComparer.Ordinal);
                var arguments = modifier ? null : Arguments(WithEnvironment(rest, environment), variables, options);
                var offset = span.Start + text.IndexOf(trimmed, StringComparison.Ordinal);
                calls.Add(new Call(name, arguments, depth == 0 && !modifier && !opens, HostFiles.At(source, offset, trimmed.Length))
                {
                    Options = arguments is null || options.Count == 0 ? NoOptions : options,
                });
            }

            if (opens)
            {
                depth++;
            }
        }

        return calls;
    }

    /// <summary>The arguments' environment lookups replaced by their values where the environment sets them: inside a
    /// string's <c>#{...}</c> by the text, alone by a quoted string.</summary>
    private static string WithEnvironment(string text, IReadOnlyDictionary<string, string>? environment)
    {
        if (environment is null || !text.Contains("ENV", StringComparison.Ordinal))
        {
            return text;
        }

        string? Value(Match m) => environment.TryGetValue(m.Groups["name"].Value, out var value) && !value.Contains('"', StringComparison.Ordinal)
            && !value.Contains('\\', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal) ? value : null;
        var inside = InterpolatedLookup().Replace(text, m => Value(m) ?? m.Value);
        return BareLookup().Replace(inside, m => Value(m) is { } value ? "\"" + value + "\"" : m.Value);
    }

    /// <summary>A local variable's known value: a string, or an integer (written without quotes where it stands alone).</summary>
    private sealed record Variable(string Value, bool IsString);

    /// <summary>The names assigned exactly once in the file (counting every form of assignment, at any depth), and never
    /// changed in place.</summary>
    private static HashSet<string> AssignedOnce(IReadOnlyList<string> lines)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var mutated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var code = WithoutStrings(line);
            foreach (Match m in AnyAssignment().Matches(code))
            {
                var name = m.Groups["name"].Value;
                counts[name] = counts.GetValueOrDefault(name) + (m.Groups["op"].Length > 0 ? 2 : 1);
            }

            foreach (Match m in Mutation().Matches(code))
            {
                mutated.Add(m.Groups["name"].Value);
            }
        }

        return counts.Where(c => c.Value == 1 && !mutated.Contains(c.Key)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The line with its string literals' contents blanked (so that a <c>=</c> inside a string is no assignment).</summary>
    private static string WithoutStrings(string line)
    {
        var chars = line.ToCharArray();
        char? quote = null;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == q && line[i - 1] != '\\')
                {
                    quote = null;
                }
                else
                {
                    chars[i] = ' ';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
        }

        return new string(chars);
    }

    /// <summary>The value of a literal assigned to a local variable: <c>'text'</c>, <c>"text"</c> (its <c>#{NAME}</c> naming
    /// known variables), an integer, each perhaps with <c>.freeze</c>; null for anything else (escapes too).</summary>
    private static Variable? Literal(string value, IReadOnlyDictionary<string, Variable> variables)
    {
        if (value.EndsWith(".freeze", StringComparison.Ordinal))
        {
            value = value[..^".freeze".Length].TrimEnd();
        }

        if (Integer().IsMatch(value))
        {
            return new Variable(value.Replace("_", string.Empty, StringComparison.Ordinal), false);
        }

        if (value.Length < 2 || value[0] != value[^1] || value[0] is not ('\'' or '"') || value.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        var inner = value[1..^1];
        if (inner.Contains(value[0], StringComparison.Ordinal))
        {
            return null;
        }

        if (value[0] == '\'')
        {
            return new Variable(inner, true);
        }

        var substituted = Interpolate(inner, variables);
        return substituted is null ? null : new Variable(substituted, true);
    }

    /// <summary>A double-quoted string's contents with each <c>#{NAME}</c> of a known variable replaced by its value; null when
    /// anything else is interpolated.</summary>
    private static string? Interpolate(string inner, IReadOnlyDictionary<string, Variable> variables)
    {
        var result = Interpolation().Replace(inner, m => variables.TryGetValue(m.Groups["name"].Value, out var known) ? known.Value : m.Value);
        return result.Contains("#{", StringComparison.Ordinal) ? null : result;
    }

    /// <summary>The literal arguments of <c>(a, b)</c> or <c>a, b</c>; null when one is not a literal. A known local
    /// variable stands for its value, alone or in a double-quoted string's <c>#{NAME}</c>. Trailing keyword pairs with
    /// literal values go to <paramref name="options"/>; a positional argument after one, or a pair whose value is not a
    /// literal, makes the whole null.</summary>
    private static List<string>? Arguments(string text, IReadOnlyDictionary<string, Variable> variables, Dictionary<string, string> options)
    {
        var inner = text.Trim();
        if (inner.StartsWith('(') && inner.EndsWith(')'))
        {
            inner = inner[1..^1].Trim();
        }

        var result = new List<string>();
        if (inner.Length == 0)
        {
            return result;
        }

        foreach (var part in SplitArguments(inner))
        {
            var piece = part.Trim();
            if (KeywordPair().Match(piece) is { Success: true } pair)
            {
                if (Arguments(pair.Groups["value"].Value, variables, new Dictionary<string, string>(StringComparer.Ordinal)) is [var literal])
                {
                    options[pair.Groups["key"].Value] = literal;
                    continue;
                }

                return null;
            }

            if (options.Count > 0)
            {
                return null;
            }

            if (variables.TryGetValue(piece, out var variable))
            {
                result.Add(variable.Value);
                continue;
            }

            if (piece.StartsWith('"') && piece.EndsWith('"') && piece.Length >= 2 && piece.Contains("#{", StringComparison.Ordinal)
                && !piece.Contains('\\', StringComparison.Ordinal) && Interpolate(piece[1..^1], variables) is { } interpolated)
            {
                result.Add(interpolated);
                continue;
            }

            if (piece.StartsWith('\'') && piece.EndsWith('\'') && piece.Length >= 2)
            {
                result.Add(piece[1..^1]);
            }
            else if (piece.StartsWith('"') && piece.EndsWith('"') && piece.Length >= 2 && !piece.Contains("#{", StringComparison.Ordinal))
            {
                result.Add(piece[1..^1]);
            }
            else if (Integer().IsMatch(piece))
            {
                result.Add(piece.Replace("_", string.Empty, StringComparison.Ordinal));
            }
            else if (piece.StartsWith(':') && piece.Length > 1 && piece[1..].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                result.Add(piece[1..]);
            }
            else if (piece is "true" or "false" or "nil")
            {
                result.Add(piece);
            }
            else
            {
                return null;
            }
        }

        return result;
    }

    private static IEnumerable<string> SplitArguments(string text)
    {
        char? quote = null;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                quote = c == q && text[i - 1] != '\\' ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                quote = c == q && (i == 0 || line[i - 1] != '\\') ? null : quote;
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

    [GeneratedRegex(@"^[A-Za-z_]+")]
    private static partial Regex FirstWord();

    /// <summary>A method name at the start, then its arguments (with or without parentheses).</summary>
    [GeneratedRegex(@"^(?<name>[a-z_][A-Za-z0-9_]*[!?]?)(?<args>(?:\s+|\().*)?$")]
    private static partial Regex CallPattern();

    /// <summary>A block opened on this line: <c>do</c>, <c>do |x|</c>, or a lone <c>{</c>.</summary>
    [GeneratedRegex(@"(\bdo(\s*\|[^|]*\|)?|\{(\s*\|[^|]*\|)?)\s*$")]
    private static partial Regex BlockStart();

    /// <summary>A trailing <c>if</c>/<c>unless</c> makes the call conditional.</summary>
    [GeneratedRegex(@"\s(if|unless)\s")]
    private static partial Regex Modifier();

    /// <summary>A keyword pair: <c>:name =&gt; value</c>, <c>name: value</c>.</summary>
    [GeneratedRegex(@"^(?::(?<key>[a-z_][A-Za-z0-9_]*)\s*=>|(?<key>[a-z_][A-Za-z0-9_]*):)\s*(?<value>\S.*)$")]
    private static partial Regex KeywordPair();

    [GeneratedRegex(@"^-?\d[\d_]*$")]
    private static partial Regex Integer();

    /// <summary>A line that assigns a local variable: <c>NAME = value</c>, <c>NAME ||= value</c>, <c>NAME += value</c>...</summary>
    [GeneratedRegex(@"^(?<name>[a-z_][A-Za-z0-9_]*)\s*(?<op>\|\||&&|\*\*|<<|>>|[-+*/%|&^])?=(?![=~>])(?<value>.*)$")]
    private static partial Regex Assignment();

    /// <summary>An assignment to a local variable anywhere in a line (a multiple assignment's names, a chained one's, a
    /// default argument's).</summary>
    [GeneratedRegex(@"(?<![\w.@$:])(?<name>[a-z_][A-Za-z0-9_]*)\s*(?<op>\|\||&&|\*\*|<<|>>|[-+*/%|&^])?=(?![=~>])")]
    private static partial Regex AnyAssignment();

    /// <summary>A variable changed in place: <c>NAME &lt;&lt; x</c>, <c>NAME.sub!(...)</c>, <c>NAME.replace(...)</c>...</summary>
    [GeneratedRegex(@"(?<![\w.@$:])(?<name>[a-z_][A-Za-z0-9_]*)(?:\s*<<(?!=)|\.[a-z_][A-Za-z0-9_]*!|\.(?:replace|concat|insert|prepend|clear|force_encoding)\b)")]
    private static partial Regex Mutation();

    /// <summary><c>#{NAME}</c> inside a double-quoted string.</summary>
    [GeneratedRegex(@"#\{\s*(?<name>[a-z_][A-Za-z0-9_]*)\s*\}")]
    private static partial Regex Interpolation();

    private const string Lookup = @"ENV(?:\.fetch\(\s*([""'])(?<name>[A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(?:""[^""#]*""|'[^']*'|-?\d+|nil))?\s*\)(?:\s*\{\s*(?:""[^""#]*""|'[^']*'|-?\d+)\s*\})?|\[\s*([""'])(?<name>[A-Za-z_][A-Za-z0-9_]*)\2\s*\])(?:\.to_i|\.to_s)?";

    /// <summary><c>#{ENV...}</c> inside a double-quoted string.</summary>
    [GeneratedRegex(@"#\{\s*" + Lookup + @"\s*\}")]
    private static partial Regex InterpolatedLookup();

    /// <summary>An environment lookup as a whole argument.</summary>
    [GeneratedRegex(@"(?<=^|[\s(,])" + Lookup + @"(?=\s*(?:$|[,)]))")]
    private static partial Regex BareLookup();
}
