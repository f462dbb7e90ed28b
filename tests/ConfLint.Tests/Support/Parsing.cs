using ConfLint.Syntax;
using ConfLint.Reporting.Trees;
using ConfLint.Text;

namespace ConfLint.Tests.Support;

/// <summary>Shorthands for grammar tests.</summary>
public static class Parsing
{
    public static SyntaxTree Parse(ConfigKind kind, string text, string path = "test.conf")
    {
        var result = ConfigParser.Parse(new SourceText(path, text), kind);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Tree!;
    }

    public static SyntaxError ParseError(ConfigKind kind, string text, string path = "test.conf", ParseOptions? options = null)
    {
        var result = ConfigParser.Parse(new SourceText(path, text), kind, options);
        Assert.False(result.Success, "expected a syntax error, but the text parsed");
        return result.Error!;
    }

    /// <summary>Asserts that the text fails with this message at this 1-based line and column, and that the error prints
    /// as <c>path:line:column: message</c>.</summary>
    public static void AssertSyntaxError(ConfigKind kind, string text, int line, int column, string message, string path = "test.conf")
    {
        var error = ParseError(kind, text, path);
        Assert.Equal(message, error.Message);
        Assert.Equal(new LinePosition(line, column), error.LinePosition);
        Assert.Equal($"{path}:{line}:{column}: {message}", error.ToString());
    }

    /// <summary>Asserts that printing the tree gives back the text, then returns the tree.</summary>
    public static SyntaxTree RoundTrip(ConfigKind kind, string text)
    {
        var tree = Parse(kind, text);
        Assert.Equal(text, tree.ToFullString());
        return tree;
    }

    /// <summary>Any input gives a tree that prints back byte for byte, or an error inside the text: never a crash.</summary>
    public static SyntaxTree? AssertTreeOrError(ConfigKind kind, byte[] bytes, string path = "blob")
    {
        var source = SourceText.FromBytes(path, bytes);
        var result = ConfigParser.Parse(source, kind);
        if (result.Success)
        {
            Assert.Equal(bytes, result.Tree!.ToBytes());
            return result.Tree;
        }

        Assert.InRange(result.Error!.Position, 0, source.Length);
        return null;
    }

    public static void AssertRoundTripBytes(ConfigKind kind, byte[] bytes, string path = "test.conf")
    {
        var source = SourceText.FromBytes(path, bytes);
        var result = ConfigParser.Parse(source, kind);
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(bytes, result.Tree!.ToBytes());
    }

    /// <summary>
    /// Parses random byte strings and asserts that each gives a tree that prints back its bytes (and writes as
    /// JSON), or an error inside the text: never an exception. With <paramref name="marks"/>, every other input
    /// is drawn from those characters only, so that the format's punctuation meets itself often.
    /// </summary>
    public static void AssertRandomBytesNeverCrash(ConfigKind kind, string marks = "", int count = 200, int seed = 502)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (marks.Length > 0 && i % 2 == 0)
            {
                for (var j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = (byte)marks[bytes[j] % marks.Length];
                }
            }

            var source = SourceText.FromBytes("blob", bytes);
            var result = ConfigParser.Parse(source, kind);
            if (result.Success)
            {
                Assert.Equal(bytes, result.Tree!.ToBytes());
                Assert.NotEmpty(JsonTreeWriter.For(kind).Write(result.Tree));
            }
            else
            {
                Assert.InRange(result.Error!.Position, 0, source.Length);
            }
        }
    }
}
