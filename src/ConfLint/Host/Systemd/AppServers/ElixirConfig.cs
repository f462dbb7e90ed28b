using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// A term of an Elixir configuration file as <see cref="ElixirConfig"/> reads it: a literal (integer, string, atom, alias,
/// boolean, nil), a tuple, a list (a keyword list is a list of <c>{atom, value}</c> pairs, <c>[key: value]</c> its
/// literal), or an expression ConfLint does not evaluate (<see cref="Computed"/>: a call, a variable, an operator, an
/// interpolated string, a map, a sigil). <see cref="Source"/> is the file it is written in, null for a release's compiled
/// default.
/// </summary>
internal abstract record ElixirTerm(SourceText? Source, int Start, int End)
{
    /// <summary>Where the term is written; null for a compiled default.</summary>
    public Location? At => Source is { } source ? HostFiles.At(source, Start, Math.Max(0, End - Start)) : null;

    /// <summary>The term as written (for messages).</summary>
    public virtual string Written => Source is { } source ? source.Text[Start..End] : ToElixir();

    public abstract string ToElixir();

    internal sealed record Integer(long Value, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => Value.ToString(CultureInfo.InvariantCulture);
    }

    internal sealed record Text(string Value, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => "\"" + Value + "\"";
    }

    /// <summary>An atom (<c>:http</c>, a keyword's key, <c>true</c>/<c>false</c>/<c>nil</c>) or an alias
    /// (<c>Mobilizon.Web.Endpoint</c>, the atom <c>Elixir.Mobilizon.Web.Endpoint</c>): <see cref="Name"/> is the atom's text,
    /// an alias's with <c>Elixir.</c> before it.</summary>
    internal sealed record Atom(string Name, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => Name.StartsWith("Elixir.", StringComparison.Ordinal) ? Name["Elixir.".Length..] : ":" + Name;
    }

    internal sealed record Tuple(IReadOnlyList<ElixirTerm> Items, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => "{" + string.Join(", ", Items.Select(i => i.ToElixir())) + "}";
    }

    internal sealed record List(IReadOnlyList<ElixirTerm> Items, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => "[" + string.Join(", ", Items.Select(i => i is Tuple { Items: [Atom key, var value] } ? $"{key.Name}: {value.ToElixir()}" : i.ToElixir())) + "]";

        /// <summary>Whether every item is a <c>{atom, value}</c> pair (<c>Keyword.keyword?</c>; the empty list is one).</summary>
        public bool IsKeyword => Items.All(i => i is Tuple { Items: [Atom, _] });

        /// <summary>The value of the first pair with <paramref name="key"/> (<c>Keyword.get</c>), or null.</summary>
        public ElixirTerm? Get(string key) => Items.OfType<Tuple>().FirstOrDefault(t => t.Items is [Atom a, _] && a.Name == key)?.Items[1];
    }

    /// <summary>An expression ConfLint does not evaluate.</summary>
    internal sealed record Computed(string Expression, SourceText? Source, int Start, int End) : ElixirTerm(Source, Start, End)
    {
        public override string ToElixir() => Expression;
    }
}

/// <summary>
/// The application environment an Elixir configuration file sets, read as Elixir's <c>Config</c> evaluates it
/// (elixir-lang/elixir lib/elixir/lib/config.ex, <c>Config.Reader.read!/2</c>): <c>import Config</c> (or the older
/// <c>use Mix.Config</c>), then <c>config :app, opts</c> and <c>config :app, Key, opts</c> calls, each deep-merged into
/// what the calls before it set (<c>Config.__merge__/2</c>: where a key's old and new values are both keyword lists they
/// are merged the same way, key by key; otherwise the new value replaces the old). <see cref="Merge"/> is also how a
/// release's config provider merges a runtime file over the compiled configuration (<c>Config.Reader.merge/2</c>).
/// Literal terms only: a value computed by code is kept as <see cref="ElixirTerm.Computed"/>, and any other statement
/// (<c>import_config</c>, a variable, <c>if</c>) leaves the whole file unread (<see cref="Read"/> gives why), since it
/// may set anything.
/// </summary>
internal static class ElixirConfig
{
    private enum Kind
    {
        Integer,
        String,
        Atom,
        Alias,
        Identifier,
        KeywordKey,
        Open,
        Close,
        Comma,
        Operator,
        Opaque,
        Newline,
        End,
    }

    private sealed record Token(Kind Kind, string Text, int Start, int End, bool Interpolated = false);

    /// <summary>The configuration a file sets, as a keyword list per application (<c>[mobilizon: [...]]</c>); null, and
    /// <paramref name="why"/>, where the file is not one ConfLint reads.</summary>
    public static ElixirTerm.List? Read(SourceText source, out string? why)
    {
        why = null;
        List<Token> tokens;
        try
        {
            tokens = Tokenize(source.Text);
        }
        catch (FormatException e)
        {
            why = $"{source.File.Display}:{source.GetLinePosition(int.Parse(e.Message, CultureInfo.InvariantCulture)).Line} is not Elixir ConfLint reads";
            return null;
        }

        var parser = new Parser(source, tokens);
        var config = Empty;
        while (true)
        {
            parser.SkipNewlines();
            if (parser.Peek.Kind == Kind.End)
            {
                return config;
            }

            var at = parser.Peek.Start;
            if (parser.Statement() is not { } statement)
            {
                why = $"{source.File.Display}:{source.GetLinePosition(at).Line} is a statement ConfLint does not evaluate (only import Config and config calls with literal values are read)";
                return null;
            }

            config = Merge(config, statement);
        }
    }

    /// <summary>An empty keyword list.</summary>
    public static ElixirTerm.List Empty { get; } = new([], null, 0, 0);

    /// <summary><paramref name="over"/> deep-merged over <paramref name="config"/> (<c>Config.__merge__/2</c>, <c>Keyword.merge/3</c>
    /// with a deep merge of keyword lists): the old pairs whose key the new list does not set, then the new pairs, each
    /// merged with the old value of its key where both are keyword lists.</summary>
    public static ElixirTerm.List Merge(ElixirTerm.List config, ElixirTerm.List over)
    {
        var newKeys = over.Items.OfType<ElixirTerm.Tuple>().Select(t => ((ElixirTerm.Atom)t.Items[0]).Name).ToHashSet(StringComparer.Ordinal);
        var items = config.Items.Where(i => !newKeys.Contains(((ElixirTerm.Atom)((ElixirTerm.Tuple)i).Items[0]).Name)).ToList();
        foreach (var pair in over.Items.Cast<ElixirTerm.Tuple>())
        {
            var key = (ElixirTerm.Atom)pair.Items[0];
            var value = pair.Items[1];
            if (config.Get(key.Name) is ElixirTerm.List { IsKeyword: true } old && value is ElixirTerm.List { IsKeyword: true } added)
            {
                value = Merge(old, added);
            }

            items.Add(pair with { Items = [key, value] });
        }

        return config with { Items = items };
    }

    /// <summary>A keyword list of literal pairs, for a release's compiled defaults.</summary>
    public static ElixirTerm.List Keywords(params (string Key, ElixirTerm Value)[] pairs) =>
        new(pairs.Select(p => (ElixirTerm)new ElixirTerm.Tuple([new ElixirTerm.Atom(p.Key, null, 0, 0), p.Value], null, 0, 0)).ToList(), null, 0, 0);

    /// <summary>The value at a path of keys (<c>mobilizon</c>, <c>Elixir.Mobilizon.Web.Endpoint</c>, <c>http</c>), each
    /// step a keyword list; null where a key is absent, and <paramref name="blocked"/> the term in the way where a step is
    /// not a keyword list (computed).</summary>
    public static ElixirTerm? Get(ElixirTerm.List config, out ElixirTerm? blocked, params string[] path)
    {
        blocked = null;
        ElixirTerm current = config;
        foreach (var key in path)
        {
            if (current is not ElixirTerm.List { IsKeyword: true } list)
            {
                blocked = current;
                return null;
            }

            if (list.Get(key) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private sealed class Parser(SourceText source, List<Token> tokens)
    {
        private int _at;

        public Token Peek => tokens[_at];

        private Token Next() => tokens[_at++];

        public void SkipNewlines()
        {
            while (Peek.Kind == Kind.Newline)
            {
                _at++;
            }
        }

        private bool AtStatementEnd => Peek.Kind is Kind.Newline or Kind.End;

        /// <summary>One statement: null where it is not <c>import Config</c>, <c>use Mix.Config</c> or a <c>config</c> call
        /// ConfLint reads; the configuration it sets otherwise (empty for an import).</summary>
        public ElixirTerm.List? Statement()
        {
            var first = Next();
            if (first is { Kind: Kind.Identifier, Text: "import" or "use" })
            {
                var module = Next();
                return module.Kind == Kind.Alias && (module.Text == "Mix.Config" || first.Text == "import" && module.Text == "Config") && AtStatementEnd ? Empty : null;
            }

            if (first is not { Kind: Kind.Identifier, Text: "config" })
            {
                return null;
            }

            var parenthesised = Peek is { Kind: Kind.Open, Text: "(" } && Peek.Start == first.End;
            if (parenthesised)
            {
                _at++;
            }

            var arguments = new List<ElixirTerm>();
            while (true)
            {
                if (Peek.Kind == Kind.KeywordKey)
                {
                    arguments.Add(KeywordTail(Peek.Start));
                    break;
                }

                arguments.Add(Expression());
                if (Peek.Kind != Kind.Comma)
                {
                    break;
                }

                _at++;
            }

            if (parenthesised)
            {
                if (Peek is not { Kind: Kind.Close, Text: ")" })
                {
                    return null;
                }

                _at++;
            }

            if (!AtStatementEnd)
            {
                return null;
            }

            // config(root_key, opts) and config(root_key, key, opts) (Config.config/2, /3): opts a keyword list.
            return arguments switch
            {
                [ElixirTerm.Atom app, ElixirTerm.List { IsKeyword: true } opts] when !app.Name.StartsWith("Elixir.", StringComparison.Ordinal) => Pair(app, opts),
                [ElixirTerm.Atom app, ElixirTerm.Atom key, ElixirTerm.List { IsKeyword: true } opts] when !app.Name.StartsWith("Elixir.", StringComparison.Ordinal) =>
                    Pair(app, new ElixirTerm.List([new ElixirTerm.Tuple([key, opts], source, key.Start, opts.End)], source, key.Start, opts.End)),
                _ => null,
            };
        }

        private ElixirTerm.List Pair(ElixirTerm.Atom key, ElixirTerm value) =>
            new([new ElixirTerm.Tuple([key, value], source, key.Start, value.End)], source, key.Start, value.End);

        /// <summary><c>key: value, key: value</c> up to the end of the enclosing list or call.</summary>
        private ElixirTerm.List KeywordTail(int start)
        {
            var items = new List<ElixirTerm>();
            var end = start;
            while (Peek.Kind == Kind.KeywordKey)
            {
                var key = Next();
                var value = Expression();
                items.Add(new ElixirTerm.Tuple([new ElixirTerm.Atom(key.Text, source, key.Start, key.End - 1), value], source, key.Start, value.End));
                end = value.End;
                if (Peek.Kind != Kind.Comma)
                {
                    break;
                }

                _at++;
            }

            return new ElixirTerm.List(items, source, start, end);
        }

        /// <summary>A literal term, or the whole expression as <see cref="ElixirTerm.Computed"/>.</summary>
        private ElixirTerm Expression()
        {
            var start = _at;
            var term = Primary();
            if (term is not null && Peek.Kind is Kind.Comma or Kind.Close or Kind.Newline or Kind.End)
            {
                return term;
            }

            // An operator, a call, a variable: the expression up to the next comma or closing bracket of its level.
            _at = start;
            var depth = 0;
            var first = Peek;
            var last = first;
            while (Peek.Kind != Kind.End && !(depth == 0 && Peek.Kind is Kind.Comma or Kind.Close or Kind.Newline))
            {
                var token = Next();
                depth += token.Kind == Kind.Open || token is { Kind: Kind.Identifier, Text: "do" or "fn" } ? 1
                    : token.Kind == Kind.Close || token is { Kind: Kind.Identifier, Text: "end" } ? -1 : 0;
                last = token;
            }

            var end = Math.Max(first.Start, last.End);
            return new ElixirTerm.Computed(source.Text[first.Start..end], source, first.Start, end);
        }

        private ElixirTerm? Primary()
        {
            var token = Next();
            switch (token.Kind)
            {
                case Kind.Integer:
                    return long.TryParse(token.Text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                        ? new ElixirTerm.Integer(number, source, token.Start, token.End) : null;
                case Kind.String when !token.Interpolated:
                    return new ElixirTerm.Text(token.Text, source, token.Start, token.End);
                case Kind.Atom:
                    return new ElixirTerm.Atom(token.Text, source, token.Start, token.End);
                case Kind.Alias:
                    return new ElixirTerm.Atom("Elixir." + token.Text, source, token.Start, token.End);
                case Kind.Identifier when token.Text is "true" or "false" or "nil":
                    return new ElixirTerm.Atom(token.Text, source, token.Start, token.End);
                case Kind.Open when token.Text is "{" or "[":
                    var close = token.Text == "{" ? "}" : "]";
                    var items = new List<ElixirTerm>();
                    while (Peek is not { Kind: Kind.Close })
                    {
                        if (token.Text == "[" && Peek.Kind == Kind.KeywordKey)
                        {
                            items.AddRange(KeywordTail(Peek.Start).Items);
                        }
                        else
                        {
                            items.Add(Expression());
                        }

                        if (Peek.Kind != Kind.Comma)
                        {
                            break;
                        }

                        _at++;
                    }

                    if (Peek.Kind != Kind.Close || Peek.Text != close)
                    {
                        return null;
                    }

                    var end = Next().End;
                    return token.Text == "{" ? new ElixirTerm.Tuple(items, source, token.Start, end) : new ElixirTerm.List(items, source, token.Start, end);
                default:
                    return null;
            }
        }
    }

    private static readonly string[] ContinuingOperators = ["|>", ".", "<>", "++", "||", "&&", "*", "/", "+"];

    /// <summary>Elixir's tokens as far as configuration files need them; a newline at the outermost level ends a statement
    /// unless the line ends with a comma, an operator or a keyword's key, or the next begins with a binary operator.
    /// Throws <see cref="FormatException"/> (with the offset) for an unterminated string or bracket.</summary>
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var depth = 0;
        var pendingNewline = -1;
        var i = 0;

        void Add(Token token)
        {
            if (pendingNewline >= 0)
            {
                var continues = tokens.Count > 0 && tokens[^1].Kind is Kind.Comma or Kind.Operator or Kind.KeywordKey or Kind.Newline or Kind.Open
                    || token.Kind == Kind.Operator && ContinuingOperators.Contains(token.Text);
                if (!continues && tokens.Count > 0)
                {
                    tokens.Add(new Token(Kind.Newline, "\n", pendingNewline, pendingNewline + 1));
                }

                pendingNewline = -1;
            }

            tokens.Add(token);
        }

        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (c is ' ' or '\t' or '\r' or '\\' && (c != '\\' || i + 1 < text.Length && text[i + 1] == '\n'))
            {
                i += c == '\\' ? 2 : 1;
                continue;
            }

            if (c is '\n' or ';')
            {
                if (depth == 0 && pendingNewline < 0)
                {
                    pendingNewline = i;
                }

                i++;
                continue;
            }

            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                }

                var number = text[start..i];
                Add(new Token(number.All(ch => char.IsAsciiDigit(ch) || ch == '_') ? Kind.Integer : Kind.Opaque, number, start, i));
                continue;
            }

            if (c == '"')
            {
                var (value, end, interpolated) = QuotedText(text, i);
                i = end;
                if (i < text.Length && text[i] == ':' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])))
                {
                    // "key": value, a quoted keyword's key.
                    i++;
                    Add(new Token(interpolated ? Kind.Opaque : Kind.KeywordKey, value, start, i));
                    continue;
                }

                Add(new Token(Kind.String, value, start, i, interpolated));
                continue;
            }

            if (c == '\'')
            {
                var (_, end, _) = QuotedText(text, i);
                i = end;
                Add(new Token(Kind.Opaque, text[start..i], start, i));
                continue;
            }

            if (c == ':' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_' || text[i + 1] == '"'))
            {
                if (text[i + 1] == '"')
                {
                    var (value, end, interpolated) = QuotedText(text, i + 1);
                    i = end;
                    Add(new Token(interpolated ? Kind.Opaque : Kind.Atom, value, start, i));
                    continue;
                }

                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '@' || text[i] == '.' && char.IsAsciiLetterUpper(text[start + 1])))
                {
                    i++;
                }

                if (i < text.Length && text[i] is '?' or '!')
                {
                    i++;
                }

                Add(new Token(Kind.Atom, text[(start + 1)..i], start, i));
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var upper = char.IsAsciiLetterUpper(c);
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'
                    || upper && text[i] == '.' && i + 1 < text.Length && char.IsAsciiLetterUpper(text[i + 1])))
                {
                    i++;
                }

                if (!upper && i < text.Length && text[i] is '?' or '!')
                {
                    i++;
                }

                var word = text[start..i];
                if (i + 1 < text.Length && text[i] == ':' && text[i + 1] is ' ' or '\t' or '\n' or '\r')
                {
                    i++;
                    Add(new Token(Kind.KeywordKey, word, start, i));
                    continue;
                }

                Add(new Token(upper ? Kind.Alias : Kind.Identifier, word, start, i));
                continue;
            }

            if (c == '~' && i + 2 < text.Length && char.IsAsciiLetter(text[i + 1]))
            {
                // A sigil: ~w(...), ~r/.../, ~S"""...""": its delimiters, then its modifiers.
                i++;
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new FormatException(start.ToString(CultureInfo.InvariantCulture));
                }

                var open = text[i];
                var closing = open switch { '(' => ')', '[' => ']', '{' => '}', '<' => '>', _ => open };
                var heredoc = open is '"' or '\'' && i + 2 < text.Length && text[i + 1] == open && text[i + 2] == open;
                var end = heredoc ? text.IndexOf(new string(open, 3), i + 3, StringComparison.Ordinal) : text.IndexOf(closing, i + 1);
                if (end < 0)
                {
                    throw new FormatException(start.ToString(CultureInfo.InvariantCulture));
                }

                i = end + (heredoc ? 3 : 1);
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                Add(new Token(Kind.Opaque, text[start..i], start, i));
                continue;
            }

            if (c == '?' && i + 1 < text.Length)
            {
                // A character's code point: ?a, ?\n.
                i += text[i + 1] == '\\' ? 3 : 2;
                Add(new Token(Kind.Opaque, text[start..Math.Min(i, text.Length)], start, Math.Min(i, text.Length)));
                continue;
            }

            if (c is '(' or '[' or '{' || c == '%' && i + 1 < text.Length && text[i + 1] == '{')
            {
                i += c == '%' ? 2 : 1;
                depth++;
                Add(new Token(Kind.Open, text[start..i], start, i));
                continue;
            }

            if (c is ')' or ']' or '}')
            {
                i++;
                if (--depth < 0)
                {
                    throw new FormatException(start.ToString(CultureInfo.InvariantCulture));
                }

                Add(new Token(Kind.Close, text[start..i], start, i));
                continue;
            }

            if (c == ',')
            {
                i++;
                Add(new Token(Kind.Comma, ",", start, i));
                continue;
            }

            i++;
            while (i < text.Length && text[i] is '=' or '>' or '<' or '|' or '&' or '+' or '-' or '*' or '/' or '.' or '!' or '^' or '@' or ':' or '\\' or '%')
            {
                i++;
            }

            Add(new Token(Kind.Operator, text[start..i], start, i));
        }

        if (depth != 0)
        {
            throw new FormatException(text.Length.ToString(CultureInfo.InvariantCulture));
        }

        tokens.Add(new Token(Kind.End, string.Empty, text.Length, text.Length));
        return tokens;
    }

    /// <summary>A double- or single-quoted string (or a heredoc) from its opening quote: its value with the common escapes
    /// undone, the offset after it, and whether it interpolates (<c>#{...}</c>).</summary>
    private static (string Value, int End, bool Interpolated) QuotedText(string text, int at)
    {
        var quote = text[at];
        var heredoc = at + 2 < text.Length && text[at + 1] == quote && text[at + 2] == quote;
        var i = at + (heredoc ? 3 : 1);
        var value = new System.Text.StringBuilder();
        var interpolated = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (heredoc ? text.AsSpan(i).StartsWith(new string(quote, 3)) : c == quote)
            {
                return (value.ToString(), i + (heredoc ? 3 : 1), interpolated);
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1];
                value.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => escaped });
                i += 2;
                continue;
            }

            if (c == '#' && i + 1 < text.Length && text[i + 1] == '{')
            {
                interpolated = true;
            }

            value.Append(c);
            i++;
        }

        throw new FormatException(at.ToString(CultureInfo.InvariantCulture));
    }
}
