using System.Globalization;
using ConfLint.Text;

namespace ConfLint.Syntax.Pm2;

/// <summary>
/// Reads what a PM2 ecosystem file exports without running it: the value after <c>module.exports =</c> (or
/// <c>export default</c>, or the whole file for JSON) as far as it is a literal: objects, arrays, strings, numbers,
/// booleans, null. A name is taken for the literal a top-level <c>const</c>, <c>let</c> or <c>var</c> gives it, once,
/// before the export; anything else computed (a call, an operator, <c>process.env</c>, a template with <c>${}</c>, a
/// spread) is <see cref="JsUnknown"/>. Nothing of the file is ever executed.
/// </summary>
public static class JsLiteralReader
{
    private const int MaxDepth = 64;

    /// <summary>The exported value, or null when the file exports nothing ConfLint can find.</summary>
    public static JsValue? ReadExport(string text)
    {
        var lexer = new JsLexer(text);
        var bindings = new Dictionary<string, JsValue>(StringComparer.Ordinal);
        var depth = 0;
        var first = true;
        while (true)
        {
            var start = lexer.Position;
            var token = lexer.Next();
            if (token.Kind is JsTokenKind.End or JsTokenKind.Broken)
            {
                return null;
            }

            if (first && token.Kind == JsTokenKind.Punctuation && token.Text is "{" or "[")
            {
                // JSON, or a file that is one object literal.
                lexer.Reset(start);
                return Value(lexer, bindings, 0);
            }

            first = false;
            if (token.Kind == JsTokenKind.Punctuation)
            {
                depth += token.Text switch { "{" or "[" or "(" => 1, "}" or "]" or ")" => -1, _ => 0 };
                continue;
            }

            if (depth != 0 || token.Kind != JsTokenKind.Name)
            {
                continue;
            }

            switch (token.Text)
            {
                case "const" or "let" or "var":
                    var name = lexer.Next();
                    var save = lexer.Position;
                    if (name.Kind == JsTokenKind.Name && lexer.Next() is { Text: "=" })
                    {
                        var value = Value(lexer, bindings, 0);
                        bindings[name.Text] = bindings.ContainsKey(name.Text) ? new JsUnknown(value.Span, name.Text) : value;
                    }
                    else
                    {
                        lexer.Reset(save);
                    }

                    break;
                case "module":
                    var after = lexer.Position;
                    if (lexer.Next() is { Text: "." } && lexer.Next() is { Text: "exports" } && lexer.Next() is { Text: "=" })
                    {
                        return Value(lexer, bindings, 0);
                    }

                    lexer.Reset(after);
                    break;
                case "export":
                    var next = lexer.Position;
                    if (lexer.Next() is { Text: "default" })
                    {
                        return Value(lexer, bindings, 0);
                    }

                    lexer.Reset(next);
                    break;
            }
        }
    }

    /// <summary>The comments of a JavaScript or JSON text, for the document's trivia.</summary>
    public static List<TextSpan> Comments(string text)
    {
        var lexer = new JsLexer(text);
        lexer.ScanAll();
        return lexer.Comments;
    }

    private static JsValue Value(JsLexer lexer, Dictionary<string, JsValue> bindings, int depth)
    {
        var start = lexer.SkipTrivia();
        if (depth > MaxDepth)
        {
            return Unknown(lexer, start);
        }

        var token = lexer.Next();
        JsValue? value = token.Kind switch
        {
            JsTokenKind.String => new JsString(token.Span, token.Text),
            JsTokenKind.Number => Number(token.Span, token.Text, negative: false),
            JsTokenKind.Name => token.Text switch
            {
                "true" => new JsBoolean(token.Span, true),
                "false" => new JsBoolean(token.Span, false),
                "null" or "undefined" => new JsNull(token.Span),
                _ => bindings.TryGetValue(token.Text, out var bound) && Ends(lexer) ? bound with { } : null,
            },
            JsTokenKind.Punctuation when token.Text == "-" && lexer.Next() is { Kind: JsTokenKind.Number } number =>
                Number(TextSpan.FromBounds(start, number.Span.End), number.Text, negative: true),
            JsTokenKind.Punctuation when token.Text == "{" => Object(lexer, bindings, start, depth),
            JsTokenKind.Punctuation when token.Text == "[" => Array(lexer, bindings, start, depth),
            _ => null,
        };

        // A literal followed by an operator, a call or a member access is an expression: computed.
        return value is not null && Ends(lexer) ? value : Unknown(lexer, start);
    }

    private static JsObject Object(JsLexer lexer, Dictionary<string, JsValue> bindings, int start, int depth)
    {
        var members = new List<JsMember>();
        var complete = true;
        while (true)
        {
            var key = lexer.Next();
            if (key.Kind is JsTokenKind.End or JsTokenKind.Broken || key is { Kind: JsTokenKind.Punctuation, Text: "}" })
            {
                return new JsObject(TextSpan.FromBounds(start, lexer.Position), members, complete && key.Kind != JsTokenKind.Broken);
            }

            if (key is { Kind: JsTokenKind.Punctuation, Text: "," })
            {
                continue;
            }

            if (key.Kind is not (JsTokenKind.Name or JsTokenKind.String or JsTokenKind.Number))
            {
                // A spread, a computed key: members we cannot know.
                complete = false;
                SkipMember(lexer);
                continue;
            }

            var afterKey = lexer.Position;
            var next = lexer.Next();
            if (next is { Kind: JsTokenKind.Punctuation, Text: ":" })
            {
                members.Add(new JsMember(key.Text, key.Span, Value(lexer, bindings, depth + 1)));
            }
            else if (next is { Kind: JsTokenKind.Punctuation, Text: "," or "}" } && key.Kind == JsTokenKind.Name)
            {
                // Shorthand: { apps } takes the binding of that name.
                lexer.Reset(afterKey);
                members.Add(new JsMember(key.Text, key.Span, bindings.TryGetValue(key.Text, out var bound) ? bound : new JsUnknown(key.Span, key.Text)));
            }
            else
            {
                // A method, a getter: computed.
                lexer.Reset(afterKey);
                members.Add(new JsMember(key.Text, key.Span, new JsUnknown(key.Span, key.Text)));
                SkipMember(lexer);
            }
        }
    }

    private static JsArray Array(JsLexer lexer, Dictionary<string, JsValue> bindings, int start, int depth)
    {
        var items = new List<JsValue>();
        var complete = true;
        while (true)
        {
            var at = lexer.Position;
            var token = lexer.Next();
            if (token.Kind is JsTokenKind.End or JsTokenKind.Broken || token is { Kind: JsTokenKind.Punctuation, Text: "]" })
            {
                return new JsArray(TextSpan.FromBounds(start, lexer.Position), items, complete && token.Kind != JsTokenKind.Broken);
            }

            if (token is { Kind: JsTokenKind.Punctuation, Text: "," })
            {
                continue;
            }

            if (token is { Kind: JsTokenKind.Punctuation, Text: "..." })
            {
                complete = false;
                SkipMember(lexer);
                continue;
            }

            lexer.Reset(at);
            items.Add(Value(lexer, bindings, depth + 1));
        }
    }

    /// <summary>Whether the value just read ends there: a comma, a closing bracket, a semicolon or the end follows.</summary>
    private static bool Ends(JsLexer lexer)
    {
        var at = lexer.Position;
        var next = lexer.Next();
        lexer.Reset(at);
        return next.Kind == JsTokenKind.End || next is { Kind: JsTokenKind.Punctuation, Text: "," or "}" or "]" or ")" or ";" };
    }

    /// <summary>Skips an expression to the comma or closing bracket that ends it, and gives it as unknown.</summary>
    private static JsUnknown Unknown(JsLexer lexer, int start)
    {
        lexer.Reset(start);
        SkipMember(lexer);
        var end = Math.Max(start, lexer.Position);
        var text = lexer.Text[start..end].Trim();
        return new JsUnknown(TextSpan.FromBounds(start, end), text.Length > 60 ? text[..57] + "..." : text);
    }

    /// <summary>Moves to the next comma or closing bracket at this level (not past it).</summary>
    private static void SkipMember(JsLexer lexer)
    {
        while (true)
        {
            var at = lexer.Position;
            var token = lexer.Next();
            if (token.Kind is JsTokenKind.End or JsTokenKind.Broken)
            {
                return;
            }

            if (token.Kind == JsTokenKind.Punctuation)
            {
                switch (token.Text)
                {
                    case "{":
                        lexer.SkipBalanced('}');
                        continue;
                    case "[":
                        lexer.SkipBalanced(']');
                        continue;
                    case "(":
                        lexer.SkipBalanced(')');
                        continue;
                    case "," or "}" or "]" or ")" or ";":
                        lexer.Reset(at);
                        return;
                }
            }
        }
    }

    private static JsValue Number(TextSpan span, string text, bool negative)
    {
        var value = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex
            : double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : double.NaN;
        return double.IsNaN(value) ? new JsUnknown(span, text) : new JsNumber(span, negative ? -value : value);
    }
}
