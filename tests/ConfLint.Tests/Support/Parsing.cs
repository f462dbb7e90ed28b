using ConfLint.Syntax;
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
    public static void AssertError(ConfigKind kind, string text, int line, int column, string message, string path = "conf.d/test.conf")
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

    public static void AssertRoundTripBytes(ConfigKind kind, byte[] bytes, string path = "test.conf")
    {
        var source = SourceText.FromBytes(path, bytes);
        var result = ConfigParser.Parse(source, kind);
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(bytes, result.Tree!.ToBytes());
    }
}
