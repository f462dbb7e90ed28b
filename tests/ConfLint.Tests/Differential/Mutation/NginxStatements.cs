namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// A small reader of nginx's token rules (independent of ConfLint's grammar), enough to find each statement of a
/// file: its name and argument spans, where its <c>;</c> or <c>{</c> stands, where its block closes, and its depth.
/// </summary>
internal static class NginxStatements
{
    internal sealed record Token(int Start, int End)
    {
        public string Text(string source) => source[Start..End];
    }

    internal sealed record Statement(Token Name, List<Token> Args, int Terminator, bool IsBlock, int Depth, string[] Path)
    {
        /// <summary>Offset of the block's closing <c>}</c> (blocks only).</summary>
        public int Close { get; set; } = -1;

        public int Start => Name.Start;

        /// <summary>Offset just past the statement (its <c>;</c>, or its block's <c>}</c>).</summary>
        public int End => IsBlock ? Close + 1 : Terminator + 1;
    }

    public static List<Statement> Read(string text)
    {
        var result = new List<Statement>();
        var open = new Stack<Statement>();
        var words = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
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

            if (c is ';' or '{')
            {
                if (words.Count > 0)
                {
                    var path = open.Reverse().Select(s => s.Name.Text(text)).ToArray();
                    var statement = new Statement(words[0], words.Skip(1).ToList(), i, c == '{', open.Count, path);
                    result.Add(statement);
                    if (c == '{')
                    {
                        open.Push(statement);
                    }
                }

                words.Clear();
                i++;
                continue;
            }

            if (c == '}')
            {
                if (open.Count > 0)
                {
                    open.Pop().Close = i;
                }

                words.Clear();
                i++;
                continue;
            }

            var start = i;
            if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = Math.Min(i + 1, text.Length);
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (';' or '{' or '}'))
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = Math.Min(i, text.Length);
            }

            words.Add(new Token(start, i));
        }

        return result;
    }

    /// <summary>Whether the statement's body is the module's own table rather than directives.</summary>
    public static bool IsRawBlock(string name) => name is "map" or "types" or "geo" or "split_clients" or "charset_map" or "match";
}
