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
/// </summary>
public static partial class RubyCalls
{
    /// <summary>A call: its name, its literal arguments (null when one is not a literal), whether it runs unconditionally.</summary>
    public sealed record Call(string Name, IReadOnlyList<string>? Arguments, bool Unconditional, Location Location);

    private static readonly string[] Openers = ["if", "unless", "case", "while", "until", "begin", "def", "class", "module", "for"];

    public static IReadOnlyList<Call> Read(SourceText source, IReadOnlyDictionary<string, string>? environment = null)
    {
        var calls = new List<Call>();
        var depth = 0;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = StripComment(source.Text.Substring(span.Start, span.Length));
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
            if (CallPattern().Match(trimmed) is { Success: true } match && !Openers.Contains(match.Groups["name"].Value))
            {
                var name = match.Groups["name"].Value;
                var rest = match.Groups["args"].Value;
                var modifier = Modifier().IsMatch(rest);
                var arguments = modifier ? null : Arguments(WithEnvironment(rest, environment));
                var offset = span.Start + text.IndexOf(trimmed, StringComparison.Ordinal);
                calls.Add(new Call(name, arguments, depth == 0 && !modifier && !opens, HostFiles.At(source, offset, trimmed.Length)));
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

    /// <summary>The literal arguments of <c>(a, b)</c> or <c>a, b</c>; null when one is not a literal.</summary>
    private static List<string>? Arguments(string text)
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

    [GeneratedRegex(@"^-?\d[\d_]*$")]
    private static partial Regex Integer();

    private const string Lookup = @"ENV(?:\.fetch\(\s*([""'])(?<name>[A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(?:""[^""#]*""|'[^']*'|-?\d+|nil))?\s*\)(?:\s*\{\s*(?:""[^""#]*""|'[^']*'|-?\d+)\s*\})?|\[\s*([""'])(?<name>[A-Za-z_][A-Za-z0-9_]*)\2\s*\])(?:\.to_i|\.to_s)?";

    /// <summary><c>#{ENV...}</c> inside a double-quoted string.</summary>
    [GeneratedRegex(@"#\{\s*" + Lookup + @"\s*\}")]
    private static partial Regex InterpolatedLookup();

    /// <summary>An environment lookup as a whole argument.</summary>
    [GeneratedRegex(@"(?<=^|[\s(,])" + Lookup + @"(?=\s*(?:$|[,)]))")]
    private static partial Regex BareLookup();
}
