using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>The token table keeps lengths in 16 bits and longer ones apart: a token, its leading trivia or its trailing
/// trivia longer than that keeps its offsets, and the file still round-trips.</summary>
public class TokenTableTests
{
    [Theory]
    [InlineData(65_534)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    public void Long_trivia_and_long_tokens_keep_their_offsets(int length)
    {
        var comment = "#" + new string('c', length);
        var value = new string('v', length);
        var trailing = " #" + new string('t', length);
        var text = $"{comment}\nadd_header X \"{value}\";{trailing}\nlisten 80;\n";
        var result = ConfigParser.Parse(new SourceText("long.conf", text), ConfigKind.Nginx);

        Assert.True(result.Success, result.Error?.ToString());
        Assert.True(text == result.Tree!.ToFullString());
        var directives = ((NginxConfigFile)result.Tree.Root).Directives;
        var header = directives[0];
        Assert.Equal(0, header.NameToken.FullStart);
        Assert.Equal(comment.Length + 1, header.NameToken.Start);
        var quoted = header.Arguments[1];
        Assert.Equal(value.Length + 2, quoted.End - quoted.Start);
        Assert.Equal(value, header.Args[1]);
        var semicolon = header.Semicolon!.Value;
        Assert.Equal(trailing.Length + 1, semicolon.FullEnd - semicolon.End);
        var listen = directives[1];
        Assert.Equal(semicolon.FullEnd, listen.NameToken.FullStart);
        Assert.Equal(new LinePosition(3, 1), listen.Position);
        Assert.Equal(listen.NameToken, result.Tree.FindToken(listen.NameToken.Start));
        Assert.Equal(semicolon, result.Tree.FindToken(semicolon.FullEnd - 1));
    }
}
