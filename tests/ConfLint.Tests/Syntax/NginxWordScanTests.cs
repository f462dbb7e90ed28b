using ConfLint.Syntax.Nginx;

namespace ConfLint.Tests.Syntax;

/// <summary>The word scan skips runs of plain characters in one search; it must end every word where nginx's reader
/// (ngx_conf_read_token), read one character at a time, ends it.</summary>
public class NginxWordScanTests
{
    [Theory]
    [InlineData("proxy_pass", 10)]
    [InlineData("a;b", 1)]
    [InlineData("a{b", 1)]
    [InlineData("${host}x y", 8)]
    [InlineData("a$${b} c", 6)]
    [InlineData("\\${b} c", 2)]
    [InlineData("a\\ b c", 4)]
    [InlineData("a\\;b;", 4)]
    [InlineData("$\\{b c", 4)]
    [InlineData("ab\\", 3)]
    [InlineData("x$", 2)]
    [InlineData("a\tb", 1)]
    public void A_word_ends_where_nginx_ends_it(string text, int end)
    {
        Assert.Equal(end, NginxLexer.ScanWord(text, 0));
        Assert.Equal(CharByChar(text, 0), NginxLexer.ScanWord(text, 0));
    }

    [Fact]
    public void Random_words_end_where_a_character_by_character_reader_ends_them()
    {
        const string alphabet = "ab$${}\\;; \t\r\n.x";
        var random = new Random(12);
        for (var n = 0; n < 20_000; n++)
        {
            var chars = new char[random.Next(1, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var start = random.Next(text.Length);
            Assert.True(CharByChar(text, start) == NginxLexer.ScanWord(text, start), $"'{text}' from {start}");
        }
    }

    /// <summary>nginx's rule as ngx_conf_read_token applies it: a backslash takes the next character; '{' right after
    /// '$' stays in the word; a blank, ';' or '{' ends it.</summary>
    private static int CharByChar(string text, int i)
    {
        var variable = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\')
            {
                variable = false;
                i = Math.Min(i + 2, text.Length);
                continue;
            }

            if (c == '{' && variable)
            {
                variable = false;
                i++;
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '{')
            {
                break;
            }

            variable = c == '$';
            i++;
        }

        return i;
    }
}
