using System.Text.RegularExpressions;
using System.Xml;
using ConfLint.Syntax.Parsing;

namespace ConfLint.Syntax.Tomcat;

/// <summary>
/// Reads server.xml with System.Xml's <see cref="XmlReader"/> (what Tomcat's digester checks too: well-formed XML),
/// and lays its tokens over the original text from the reader's line information (<see cref="IXmlLineInfo"/>): each
/// element's <c>&lt;</c>, name, attributes (name, <c>=</c>, quoted value) and the <c>&gt;</c> or <c>/&gt;</c> that ends it,
/// each end tag's <c>&lt;/</c>, name and <c>&gt;</c>. Everything between (comments, blanks, the XML declaration) is the
/// leading trivia of the next token, so the tree prints back byte for byte and an edit is a text edit of the file:
/// nothing is ever re-serialized. A DTD is not processed (no entity is expanded, nothing is fetched).
/// </summary>
internal static partial class TomcatXmlReader
{
    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 1024,
    };

    public static ParseResult Run(ParseContext context)
    {
        var text = context.Text;
        var offset = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lines = LineStarts(text, offset);
        var builder = new Builder(context, lines);
        try
        {
            using var reader = XmlReader.Create(new StringReader(offset == 0 ? text : text[offset..]), Settings());
            var info = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (builder.Depth >= context.MaxDepth)
                    {
                        context.RecordFatal(builder.At(info), $"elements nested deeper than {context.MaxDepth} levels");
                        return ParseResult.Failed(context.Fatal!);
                    }

                    builder.Open(reader, info);
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    builder.Close(info);
                }
            }
        }
        catch (XmlException e)
        {
            var at = e.LineNumber > 0 ? builder.At(e.LineNumber, Math.Max(e.LinePosition, 1)) : text.Length;
            context.RecordFatal(at, Position().Replace(e.Message, string.Empty));
            return ParseResult.Failed(context.Fatal!);
        }

        context.Tree.Root = builder.Finish();
        return ParseResult.Ok(context.Tree);
    }

    /// <summary>Where each line starts, as XML counts lines (CRLF, CR and LF each end one), offset by a byte-order mark.</summary>
    private static List<int> LineStarts(string text, int offset)
    {
        var starts = new List<int> { offset };
        for (var i = offset; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex Position();

    /// <summary>The tokens appended in document order, and the open elements.</summary>
    private sealed class Builder(ParseContext context, List<int> lines)
    {
        private readonly Stack<(TomcatElement.StartTag Start, List<TomcatElement> Children)> _open = new();
        private int _cursor;
        private TomcatElement? _root;

        public int Depth => _open.Count;

        public int At(IXmlLineInfo info) => At(info.LineNumber, info.LinePosition);

        public int At(int line, int column) =>
            Math.Min(lines[Math.Clamp(line - 1, 0, lines.Count - 1)] + column - 1, context.Length);

        public void Open(XmlReader reader, IXmlLineInfo info)
        {
            var nameStart = At(info);
            var lessThan = Token(TokenKind.Punctuation, nameStart - 1, nameStart);
            var name = Token(TokenKind.Word, nameStart, nameStart + reader.Name.Length);
            var attributes = new List<TomcatAttribute>(reader.AttributeCount);
            for (var i = 0; i < reader.AttributeCount; i++)
            {
                reader.MoveToAttribute(i);
                var attributeStart = At(info);
                var attributeName = Token(TokenKind.Word, attributeStart, attributeStart + reader.Name.Length);
                var equalsAt = SkipBlanks(attributeName.End);
                var equalsSign = Token(TokenKind.Punctuation, equalsAt, equalsAt + 1);
                var valueStart = SkipBlanks(equalsSign.End);
                var valueEnd = context.Text.IndexOf(context.Text[valueStart], valueStart + 1) + 1;
                var value = Token(TokenKind.QuotedString, valueStart, valueEnd);
                attributes.Add(new TomcatAttribute(context.Tree, attributeName, equalsSign, value));
            }

            reader.MoveToElement();
            var closeAt = SkipBlanks(_cursor);
            var empty = reader.IsEmptyElement;
            var close = Token(TokenKind.Punctuation, closeAt, closeAt + (empty ? 2 : 1));
            var start = new TomcatElement.StartTag(lessThan, name, attributes, close);
            if (empty)
            {
                Add(new TomcatElement(context.Tree, start, [], null));
            }
            else
            {
                _open.Push((start, []));
            }
        }

        public void Close(IXmlLineInfo info)
        {
            var nameStart = At(info);
            var lessThanSlash = Token(TokenKind.Punctuation, nameStart - 2, nameStart);
            var (start, children) = _open.Pop();
            var name = Token(TokenKind.Word, nameStart, nameStart + start.Name.Text.Length);
            var greaterAt = SkipBlanks(name.End);
            var greaterThan = Token(TokenKind.Punctuation, greaterAt, greaterAt + 1);
            Add(new TomcatElement(context.Tree, start, children, new TomcatElement.EndTag(lessThanSlash, name, greaterThan)));
        }

        public TomcatXmlFile Finish()
        {
            var endOfFile = context.Token(TokenKind.EndOfFile, _cursor, context.Length, context.Length, context.Length);
            return new TomcatXmlFile(context.Tree, _root, endOfFile);
        }

        private void Add(TomcatElement element)
        {
            if (_open.Count > 0)
            {
                _open.Peek().Children.Add(element);
            }
            else
            {
                _root = element;
            }
        }

        /// <summary>A token from <paramref name="start"/> to <paramref name="end"/>; what lies between the last token and
        /// it is its leading trivia.</summary>
        private SyntaxToken Token(TokenKind kind, int start, int end)
        {
            var token = context.Token(kind, _cursor, start, end, end);
            _cursor = end;
            return token;
        }

        private int SkipBlanks(int i)
        {
            while (i < context.Length && context.Text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            return i;
        }
    }
}
