using System.Globalization;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// The value of a Python expression that reads the process's environment, as Python computes it, for a configuration file
/// read without running it (<see cref="PythonAssignments"/>): <c>os.environ.get(NAME, DEFAULT)</c> and
/// <c>os.getenv(NAME, DEFAULT)</c> (the variable's string where it is set, else the default, <c>None</c> without one),
/// <c>os.environ[NAME]</c> (a <c>KeyError</c> where it is unset), <c>int(...)</c> (Python's <c>int(str)</c>: base 10,
/// surrounding blanks and single underscores between digits allowed, anything else a <c>ValueError</c>), <c>str(...)</c>,
/// and strings joined with <c>+</c> (Python docs, os.environ, os.getenv, int, str). Any other expression is not one of
/// these (null: computed by code). A variable whose value is not known, or an expression Python would stop at (gunicorn
/// then prints the error and exits: app/base.py, <c>load_config_from_module_name_or_filename</c>), leaves the value
/// unknown with the reason.
/// </summary>
internal static class EnvironmentValue
{
    /// <summary>The evaluated value (one string, as a literal's; null where not known), the variables read with their values
    /// (for messages), and why it is not known.</summary>
    public sealed record Result(IReadOnlyList<string>? Values, string? Variables, string? Why);

    /// <summary>A string, an int, None, or a value not known (<see cref="Value.Text"/> says why), carried to the end so that
    /// the whole expression is first found to be one of the forms read here.</summary>
    private enum Kind { Str, Int, None, NotKnown }

    private sealed record Value(Kind Kind, string Text);

    /// <summary>Null where <paramref name="text"/> is not an expression of the forms read here, or reads no variable.</summary>
    public static Result? Evaluate(string text, PythonAssignments.EnvironmentLookup environment)
    {
        var parser = new Parser(text, environment);
        try
        {
            var value = parser.Expression();
            parser.Blanks();
            if (parser.Position != text.Length || parser.Read.Count == 0)
            {
                return null;
            }

            var read = string.Join(", ", parser.Read);
            return value.Kind == Kind.NotKnown ? new Result(null, read, value.Text) : new Result([value.Kind == Kind.None ? "None" : value.Text], read, null);
        }
        catch (FormatException)
        {
            // Not one of the forms read here.
            return null;
        }
    }

    private sealed class Parser(string text, PythonAssignments.EnvironmentLookup environment)
    {
        public int Position { get; private set; }

        public List<string> Read { get; } = [];

        public void Blanks()
        {
            while (Position < text.Length && text[Position] is ' ' or '\t' or '\n' or '\r' or '\\')
            {
                Position++;
            }
        }

        private bool Take(string token)
        {
            Blanks();
            if (string.CompareOrdinal(text, Position, token, 0, token.Length) == 0)
            {
                Position += token.Length;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Take(token))
            {
                throw new FormatException(token);
            }
        }

        public Value Expression()
        {
            var value = Term();
            while (Take("+"))
            {
                var next = Term();
                if (value.Kind is not (Kind.Str or Kind.NotKnown) || next.Kind is not (Kind.Str or Kind.NotKnown))
                {
                    throw new FormatException("+");
                }

                value = value.Kind == Kind.NotKnown ? value : next.Kind == Kind.NotKnown ? next : new Value(Kind.Str, value.Text + next.Text);
            }

            return value;
        }

        private Value Term()
        {
            Blanks();
            if (Take("int("))
            {
                var inner = Expression();
                Expect(")");
                return inner.Kind switch
                {
                    Kind.Int or Kind.NotKnown => inner,
                    Kind.Str when Integer(inner.Text) is { } number => new Value(Kind.Int, number),
                    _ => new Value(Kind.NotKnown, $"is int() of {(inner.Kind == Kind.None ? "None" : $"'{inner.Text}'")}, which Python refuses (gunicorn then stops)"),
                };
            }

            if (Take("str("))
            {
                var inner = Expression();
                Expect(")");
                return inner.Kind switch { Kind.NotKnown => inner, Kind.None => new Value(Kind.Str, "None"), _ => new Value(Kind.Str, inner.Text) };
            }

            if (Take("os.environ.get(") || Take("os.getenv("))
            {
                var name = StringLiteral();
                Value? fallback = null;
                if (Take(","))
                {
                    fallback = Literal();
                }

                Expect(")");
                return Variable(name, fallback ?? new Value(Kind.None, "None"), required: false);
            }

            if (Take("os.environ["))
            {
                var name = StringLiteral();
                Expect("]");
                return Variable(name, null, required: true);
            }

            return Literal();
        }

        private Value Variable(string name, Value? fallback, bool required)
        {
            var value = environment(name, out var known);
            if (!known)
            {
                Read.Add($"{name} not known");
                return new Value(Kind.NotKnown, $"reads {name}, which the process's environment may set where ConfLint cannot see");
            }

            Read.Add(value is null ? $"{name} unset, so the default" : $"{name}={value}");
            if (value is not null)
            {
                return new Value(Kind.Str, value);
            }

            return fallback ?? new Value(Kind.NotKnown, $"reads os.environ['{name}'], which Python refuses with KeyError, {name} being unset (gunicorn then stops)");
        }

        private Value Literal()
        {
            Blanks();
            if (Take("None"))
            {
                return new Value(Kind.None, "None");
            }

            if (Position < text.Length && text[Position] is '\'' or '"')
            {
                return new Value(Kind.Str, StringLiteral());
            }

            var start = Position;
            while (Position < text.Length && (char.IsAsciiDigit(text[Position]) || text[Position] == '_'))
            {
                Position++;
            }

            if (Position == start || (Position < text.Length && (char.IsAsciiLetter(text[Position]) || text[Position] == '.')))
            {
                throw new FormatException("literal");
            }

            return Integer(text[start..Position]) is { } number ? new Value(Kind.Int, number) : throw new FormatException("literal");
        }

        /// <summary>A plain quoted string without escapes or prefixes.</summary>
        private string StringLiteral()
        {
            Blanks();
            if (Position >= text.Length || text[Position] is not ('\'' or '"'))
            {
                throw new FormatException("string");
            }

            var quote = text[Position];
            var end = text.IndexOf(quote, Position + 1);
            if (end < 0 || text.AsSpan(Position + 1, end - Position - 1).Contains('\\'))
            {
                throw new FormatException("string");
            }

            var value = text[(Position + 1)..end];
            Position = end + 1;
            return value;
        }
    }

    /// <summary>Python's <c>int(text)</c> of a string (base 10): surrounding whitespace, a sign, digits with single
    /// underscores between them; the value in decimal, or null where Python raises ValueError.</summary>
    internal static string? Integer(string text)
    {
        var trimmed = text.Trim(' ', '\t', '\n', '\r', '\f', '\v');
        var sign = trimmed.StartsWith('-') ? "-" : string.Empty;
        var digits = trimmed.TrimStart('+', '-');
        if (trimmed.Length - digits.Length > 1 || digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1])
            || digits.Contains("__", StringComparison.Ordinal) || digits.Any(c => c != '_' && !char.IsAsciiDigit(c)))
        {
            return null;
        }

        return long.TryParse(digits.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? (sign == "-" && value != 0 ? "-" : string.Empty) + value.ToString(CultureInfo.InvariantCulture)
            : null;
    }
}
