namespace ConfLint.Validation;

/// <summary>
/// httpd 2.4's expression parser (ap_expr: <c>util_expr_scan.l</c> and <c>util_expr_parse.y</c>), for <c>&lt;If&gt;</c>,
/// <c>&lt;ElseIf&gt;</c> and <c>Require expr</c>: the scanner's strings, <c>%{variables}</c>, regular expressions after
/// <c>=~</c> and <c>!~</c> (compiled with PCRE2), operators and words; the grammar (conditions joined by and/or/not, a
/// comparison, a unary or binary <c>-op</c>, word lists in braces); and the names the parser looks up as it builds the
/// tree: variables, functions and operators httpd's core defines ("Variable 'X' does not exist"). Names a loaded module
/// may add (mod_ssl's SSL_*, HTTP2 and H2*) are taken.
/// </summary>
internal static class ApacheExpr
{
    private const string RegexSeparators = "/#$%^|?!'\",;:._-";

    private static readonly HashSet<string> Variables = new(StringComparer.OrdinalIgnoreCase)
    {
        "REQUEST_METHOD", "REQUEST_SCHEME", "REQUEST_URI", "REQUEST_FILENAME", "REMOTE_HOST", "REMOTE_IDENT", "REMOTE_USER",
        "SERVER_ADMIN", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SCRIPT_FILENAME", "PATH_INFO", "QUERY_STRING",
        "IS_SUBREQ", "DOCUMENT_ROOT", "AUTH_TYPE", "THE_REQUEST", "CONTENT_TYPE", "HANDLER", "REQUEST_LOG_ID", "SCRIPT_USER",
        "SCRIPT_GROUP", "DOCUMENT_URI", "LAST_MODIFIED", "CONTEXT_PREFIX", "CONTEXT_DOCUMENT_ROOT", "REQUEST_STATUS", "REMOTE_ADDR",
        "REMOTE_PORT", "SERVER_PROTOCOL_VERSION", "SERVER_PROTOCOL_VERSION_MAJOR", "SERVER_PROTOCOL_VERSION_MINOR",
        "HTTP_USER_AGENT", "HTTP_PROXY_CONNECTION", "HTTP_REFERER", "HTTP_COOKIE", "HTTP_FORWARDED", "HTTP_HOST", "HTTP_ACCEPT",
        "HTTPS", "IPV6", "CONN_LOG_ID", "CONN_REMOTE_ADDR", "TIME_YEAR", "TIME_MON", "TIME_DAY", "TIME_HOUR", "TIME_MIN",
        "TIME_SEC", "TIME_WDAY", "TIME", "SERVER_SOFTWARE", "API_VERSION",
    };

    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        "req", "http", "req_novary", "resp", "reqenv", "osenv", "note", "env", "tolower", "toupper", "escape", "unescape", "file",
        "filemod", "filesize", "base64", "unbase64", "sha1", "md5", "ldap", "replace",
    };

    private static readonly HashSet<string> UnaryOperators = new(StringComparer.Ordinal) { "d", "e", "f", "s", "L", "h", "x", "F", "U", "A", "n", "z", "R", "T" };

    private static readonly HashSet<string> BinaryOperators = new(StringComparer.Ordinal) { "ipmatch", "strmatch", "strcmatch", "fnmatch" };

    private enum Kind
    {
        End, True, False, Digit, Id, StrBegin, StrEnd, String, VarBegin, VarEnd, Colon, Backref, Regex,
        Unary, Binary, Compare, Reg, In, Concat, Or, And, Not, Open, Close, BraceOpen, BraceClose, Comma,
    }

    private readonly record struct Token(Kind Kind, string Text);

    /// <summary>Why httpd refuses the condition of an &lt;If&gt; or &lt;ElseIf&gt;, or null.</summary>
    public static string? Problem(string expression) => Parse(expression) is { } error ? "Cannot parse condition clause: " + error : null;

    /// <summary>Why httpd refuses the expression of a <c>Require expr</c> line (surrounding double quotes taken off, as
    /// mod_authz_core does), or null.</summary>
    public static string? RequireProblem(string line)
    {
        if (line.Length >= 2 && line[0] == '"' && line[^1] == '"')
        {
            line = line[1..^1];
        }

        return Parse(line) is { } error ? "Cannot parse expression in require line: " + error : null;
    }

    private static string? Parse(string expression)
    {
        var (tokens, scanError) = Scan(expression);
        if (scanError is not null)
        {
            return scanError;
        }

        var parser = new Parser(tokens);
        try
        {
            parser.Condition();
            parser.Expect(Kind.End);
            return null;
        }
        catch (ExprError error)
        {
            return error.Message;
        }
    }

    private sealed class ExprError(string message) : Exception(message);

    private static (List<Token> Tokens, string? Error) Scan(string text)
    {
        var tokens = new List<Token>();
        var afterMatch = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n')
            {
                i++;
                continue;
            }

            var wasMatch = afterMatch;
            afterMatch = false;
            if (c is '"' or '\'')
            {
                tokens.Add(new(Kind.StrBegin, ""));
                i++;
                var literal = false;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return (tokens, "Unterminated string or variable");
                    }

                    var s = text[i];
                    if (s == c)
                    {
                        i++;
                        break;
                    }

                    if (s == '\n')
                    {
                        return (tokens, "Unterminated string or variable");
                    }

                    if (s == '%' && i + 1 < text.Length && text[i + 1] == '{')
                    {
                        if (ScanVariable(text, ref i, tokens) is { } error)
                        {
                            return (tokens, error);
                        }

                        literal = false;
                        continue;
                    }

                    if (s == '$' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                    {
                        tokens.Add(new(Kind.Backref, ""));
                        i += 2;
                        literal = false;
                        continue;
                    }

                    if (!literal)
                    {
                        tokens.Add(new(Kind.String, ""));
                        literal = true;
                    }

                    i += s == '\\' ? 2 : 1;
                }

                tokens.Add(new(Kind.StrEnd, ""));
                continue;
            }

            if (c == '%' && i + 1 < text.Length && text[i + 1] == '{')
            {
                if (ScanVariable(text, ref i, tokens) is { } error)
                {
                    return (tokens, error);
                }

                continue;
            }

            if (wasMatch && (c == '/' || (c == 'm' && i + 1 < text.Length && RegexSeparators.Contains(text[i + 1], StringComparison.Ordinal))))
            {
                var separator = c == '/' ? '/' : text[i + 1];
                var start = c == '/' ? i + 1 : i + 2;
                var end = text.IndexOf(separator, start);
                if (end < 0)
                {
                    return (tokens, "Unterminated regexp");
                }

                var caseless = end + 1 < text.Length && text[end + 1] == 'i';
                if (Pcre.Error(text[start..end], caseless ? Pcre.Caseless : 0) is not null)
                {
                    return (tokens, "Failed to compile regular expression");
                }

                tokens.Add(new(Kind.Regex, ""));
                i = end + (caseless ? 2 : 1);
                continue;
            }

            if (c == '$' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                tokens.Add(new(Kind.Backref, ""));
                i += 2;
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            switch (two)
            {
                case "=~" or "!~":
                    tokens.Add(new(Kind.Reg, two));
                    afterMatch = true;
                    i += 2;
                    continue;
                case "==" or "!=" or "<=" or ">=":
                    tokens.Add(new(Kind.Compare, two));
                    i += 2;
                    continue;
                case "&&":
                    tokens.Add(new(Kind.And, two));
                    i += 2;
                    continue;
                case "||":
                    tokens.Add(new(Kind.Or, two));
                    i += 2;
                    continue;
            }

            switch (c)
            {
                case '=' or '<' or '>':
                    tokens.Add(new(Kind.Compare, c.ToString()));
                    i++;
                    continue;
                case '!':
                    tokens.Add(new(Kind.Not, "!"));
                    i++;
                    continue;
                case '.':
                    tokens.Add(new(Kind.Concat, "."));
                    i++;
                    continue;
                case '(' or ')' or '{' or '}' or ',' or ':':
                    tokens.Add(new(c switch { '(' => Kind.Open, ')' => Kind.Close, '{' => Kind.BraceOpen, '}' => Kind.BraceClose, ',' => Kind.Comma, _ => Kind.Colon }, c.ToString()));
                    i++;
                    continue;
            }

            if (c == '-' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                var end = i + 2;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                tokens.Add(name switch
                {
                    "in" => new(Kind.In, name),
                    "eq" or "ne" or "lt" or "le" or "gt" or "ge" => new(Kind.Compare, name),
                    _ when name.Length == 1 => new(Kind.Unary, name),
                    _ => new(Kind.Binary, name),
                });
                i = end;
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                tokens.Add(new(Kind.Digit, text[i..end]));
                i = end;
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text[i..end];
                tokens.Add(word switch
                {
                    "true" => new(Kind.True, word),
                    "false" => new(Kind.False, word),
                    "and" => new(Kind.And, word),
                    "or" => new(Kind.Or, word),
                    "not" => new(Kind.Not, word),
                    "in" => new(Kind.In, word),
                    "eq" or "ne" or "lt" or "le" or "gt" or "ge" => new(Kind.Compare, word),
                    _ => new(Kind.Id, word),
                });
                i = end;
                continue;
            }

            return (tokens, $"Parse error near character '{c}'");
        }

        tokens.Add(new(Kind.End, ""));
        return (tokens, null);
    }

    /// <summary>%{NAME} or %{NAME:argument}: a name of letters, digits and '_', then '}' or ':' and text up to '}'.</summary>
    private static string? ScanVariable(string text, ref int i, List<Token> tokens)
    {
        tokens.Add(new(Kind.VarBegin, ""));
        i += 2;
        var start = i;
        if (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            tokens.Add(new(Kind.Id, text[start..i]));
        }

        if (i < text.Length && text[i] == ':')
        {
            tokens.Add(new(Kind.Colon, ":"));
            var close = text.IndexOf('}', i);
            if (close < 0)
            {
                return "Unterminated string or variable";
            }

            if (close > i + 1)
            {
                tokens.Add(new(Kind.String, text[(i + 1)..close]));
            }

            i = close;
        }

        if (i >= text.Length)
        {
            return "Unterminated string or variable";
        }

        if (text[i] != '}')
        {
            return $"Invalid character in variable name '{text[i]}'";
        }

        tokens.Add(new(Kind.VarEnd, ""));
        i++;
        return null;
    }

    /// <summary>util_expr_parse.y's grammar, read by recursive descent (or below and, not binding tightest).</summary>
    private sealed class Parser(List<Token> tokens)
    {
        private int _at;

        private Kind Peek => tokens[_at].Kind;

        public void Expect(Kind kind)
        {
            if (Peek != kind)
            {
                throw Unexpected();
            }

            _at++;
        }

        private ExprError Unexpected() => new(Peek == Kind.End ? "syntax error, unexpected $end" : $"syntax error, unexpected {tokens[_at].Text}");

        public void Condition()
        {
            Conjunction();
            while (Peek == Kind.Or)
            {
                _at++;
                Conjunction();
            }
        }

        private void Conjunction()
        {
            Negation();
            while (Peek == Kind.And)
            {
                _at++;
                Negation();
            }
        }

        private void Negation()
        {
            switch (Peek)
            {
                case Kind.Not:
                    _at++;
                    Negation();
                    return;
                case Kind.True or Kind.False:
                    _at++;
                    return;
                case Kind.Open:
                    _at++;
                    Condition();
                    Expect(Kind.Close);
                    return;
                case Kind.Unary:
                    var unary = tokens[_at++].Text;
                    Word();
                    if (!UnaryOperators.Contains(unary))
                    {
                        throw new ExprError($"Unary operator '{unary}' does not exist");
                    }

                    return;
            }

            Word();
            switch (Peek)
            {
                case Kind.Binary:
                    var binary = tokens[_at++].Text;
                    Word();
                    if (!BinaryOperators.Contains(binary))
                    {
                        throw new ExprError($"Binary operator '{binary}' does not exist");
                    }

                    return;
                case Kind.Compare:
                    _at++;
                    Word();
                    return;
                case Kind.Reg:
                    _at++;
                    Expect(Kind.Regex);
                    return;
                case Kind.In:
                    _at++;
                    List();
                    return;
                default:
                    throw Unexpected();
            }
        }

        private void List()
        {
            if (Peek == Kind.BraceOpen)
            {
                _at++;
                Word();
                while (Peek == Kind.Comma)
                {
                    _at++;
                    Word();
                }

                Expect(Kind.BraceClose);
                return;
            }

            // A list function: core defines none (mod_ssl adds PeerExtList).
            if (Peek != Kind.Id)
            {
                throw Unexpected();
            }

            var name = tokens[_at++].Text;
            Expect(Kind.Open);
            Word();
            Expect(Kind.Close);
            if (!ModuleName(name))
            {
                throw new ExprError($"List-returning function '{name}' does not exist");
            }
        }

        private void Word()
        {
            switch (Peek)
            {
                case Kind.Digit or Kind.Backref:
                    _at++;
                    break;
                case Kind.StrBegin:
                    _at++;
                    while (Peek is Kind.String or Kind.VarBegin or Kind.Backref)
                    {
                        if (Peek == Kind.VarBegin)
                        {
                            Variable();
                        }
                        else
                        {
                            _at++;
                        }
                    }

                    Expect(Kind.StrEnd);
                    break;
                case Kind.VarBegin:
                    Variable();
                    break;
                case Kind.Id:
                    var name = tokens[_at++].Text;
                    Expect(Kind.Open);
                    Word();
                    Expect(Kind.Close);
                    Function(name);
                    break;
                default:
                    throw Unexpected();
            }

            if (Peek == Kind.Concat)
            {
                _at++;
                Word();
            }
        }

        private void Variable()
        {
            Expect(Kind.VarBegin);
            if (Peek != Kind.Id)
            {
                throw Unexpected();
            }

            var name = tokens[_at++].Text;
            if (Peek == Kind.Colon)
            {
                _at++;
                while (Peek is Kind.String)
                {
                    _at++;
                }

                Expect(Kind.VarEnd);
                Function(name);
                return;
            }

            Expect(Kind.VarEnd);
            if (!Variables.Contains(name) && !ModuleName(name))
            {
                throw new ExprError($"Variable '{name}' does not exist");
            }
        }

        private static void Function(string name)
        {
            if (!Functions.Contains(name) && !ModuleName(name))
            {
                throw new ExprError($"Function '{name}' does not exist");
            }
        }

        private static bool ModuleName(string name) =>
            name.StartsWith("SSL", StringComparison.OrdinalIgnoreCase) || name.StartsWith("H2", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("HTTP2", StringComparison.OrdinalIgnoreCase) || name.Equals("PeerExtList", StringComparison.OrdinalIgnoreCase);
    }
}
