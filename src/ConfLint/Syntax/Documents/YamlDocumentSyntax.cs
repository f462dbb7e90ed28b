using ConfLint.Syntax.Parsing;
using ConfLint.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
using Events = YamlDotNet.Core.Events;

namespace ConfLint.Syntax.Documents;

/// <summary>
/// A YAML file (a Compose file, a PM2 ecosystem file in YAML) checked with YamlDotNet's parser, merge keys and
/// aliases included, as Compose reads it: a file YamlDotNet cannot read is a syntax error at the place it names.
/// The comments YamlDotNet's scanner reports become the document's trivia.
/// </summary>
internal static class YamlDocumentSyntax
{
    /// <summary>Aliases may not make a document larger than this many nodes (a "billion laughs" file).</summary>
    public const int MaxNodes = 200_000;

    public static ParseResult Parse(ParseContext context)
    {
        if (Check(context.Text) is { } error)
        {
            return ParseResult.Failed(new SyntaxError(context.Source, error.Position, error.Message));
        }

        return DocumentBuilder.Build(context, Comments(context.Text));
    }

    /// <summary>Why YamlDotNet cannot read the text, and where; null when it can.</summary>
    public static (int Position, string Message)? Check(string text)
    {
        try
        {
            if (YamlLimits.Check(text) is { } limit)
            {
                return limit;
            }

            var parser = new MergingParser(new Parser(new StringReader(text)));
            var events = 0;
            while (parser.MoveNext())
            {
                if (++events > MaxNodes)
                {
                    return (parser.Current?.Start.Index is long at ? (int)at : 0, $"more than {MaxNodes} YAML events (aliases that multiply the document): not read");
                }
            }

            return DuplicateKey(text);
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            var at = e.Start.Index > 0 || e.Start.Line > 1 ? e.Start : e.End;
            return ((int)Math.Min(at.Index, text.Length), "YAML: " + Clean(message));
        }
    }

    /// <summary>The comments of the text, each from its <c>#</c> to the end of its line.</summary>
    public static List<TextSpan> Comments(string text)
    {
        var spans = new List<TextSpan>();
        var scanner = new Scanner(new StringReader(text), skipComments: false);
        try
        {
            while (scanner.MoveNext())
            {
                if (scanner.Current is Comment comment)
                {
                    var start = (int)comment.Start.Index;
                    var hash = text.IndexOf('#', start);
                    if (hash < 0)
                    {
                        continue;
                    }

                    var end = text.IndexOf('\n', hash);
                    end = end < 0 ? text.Length : end;
                    if (end > hash && text[end - 1] == '\r')
                    {
                        end--;
                    }

                    spans.Add(TextSpan.FromBounds(hash, end));
                }
            }
        }
        catch (YamlException)
        {
            // Checked before: a scanner error here only ends the list of comments.
        }

        return spans;
    }

    /// <summary>
    /// A key written twice in one mapping, which Compose (go-yaml) and PM2 (js-yaml) refuse: "mapping key "image" already
    /// defined at line 3". Read without merging: a key that overrides one a merge key (<c>&lt;&lt;</c>) brings in is not
    /// a duplicate.
    /// </summary>
    private static (int Position, string Message)? DuplicateKey(string text)
    {
        var parser = new Parser(new StringReader(text));
        // Per open collection: the keys of a mapping (null for a sequence), and whether the next node is a key.
        var open = new Stack<(Dictionary<string, long>? Keys, bool KeyNext)>();
        while (parser.MoveNext())
        {
            var current = parser.Current;
            var isKey = open.Count > 0 && open.Peek() is { Keys: not null, KeyNext: true };
            if (open.Count > 0 && open.Peek().Keys is { } keys && current is Events.Scalar or Events.AnchorAlias or Events.MappingStart or Events.SequenceStart)
            {
                var top = open.Pop();
                open.Push(top with { KeyNext = !top.KeyNext });
                if (isKey && current is Events.Scalar { Value: var key } && key != "<<")
                {
                    if (keys.TryGetValue(key, out var line))
                    {
                        return ((int)Math.Min(current.Start.Index, text.Length), $"YAML: mapping key \"{key}\" already defined at line {line}");
                    }

                    keys[key] = current.Start.Line;
                }
            }

            switch (current)
            {
                case Events.MappingStart:
                    open.Push((new Dictionary<string, long>(StringComparer.Ordinal), true));
                    break;
                case Events.SequenceStart:
                    open.Push((null, false));
                    break;
                case Events.MappingEnd or Events.SequenceEnd:
                    open.Pop();
                    break;
            }
        }

        return null;
    }

    /// <summary>YamlDotNet's message without its own position prefix ("(Line: 3, Col: 5, Idx: 20) - ...").</summary>
    private static string Clean(string message)
    {
        var dash = message.IndexOf(") - (", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && message.IndexOf("): ", StringComparison.Ordinal) is var close and > 0)
        {
            return message[(close + 3)..];
        }

        return dash > 0 ? message[(dash + 4)..] : message;
    }
}
