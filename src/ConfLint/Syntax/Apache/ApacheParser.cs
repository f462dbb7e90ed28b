using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.Apache;

/// <summary>Parses an Apache httpd configuration file (apache2.conf, a vhost, a conf or mods file) into a lossless tree.</summary>
/// <remarks>
/// The rules are httpd 2.4's (server/util.c <c>ap_cfg_getline</c>, <c>ap_getword_conf</c>; server/config.c
/// <c>ap_build_config</c>; the section handlers of server/core.c), checked against <c>apache2 -t</c>:
/// <list type="bullet">
/// <item>A backslash right before LF or CRLF joins the line with the next, removing only the backslash and the
/// line break: between words it is trivia (<see cref="TriviaKind.LineContinuation"/>); inside a word it joins
/// the halves (<c>Require\</c>, <c>All granted</c> reads <c>RequireAll granted</c>), and the token spans it.
/// A backslash followed by a blank is text.</item>
/// <item><c>#</c> starts a comment only as the first character of a (joined) line, so a comment line that ends
/// in a backslash swallows the next line; elsewhere <c>#</c> is text.</item>
/// <item>Quoted words (<c>"..."</c>, <c>'...'</c>) may be unclosed: httpd then reads to the end of the line, and
/// so does this grammar. A quote inside a word is text; a quoted word ends at its closing quote, even when text
/// follows without a blank (<c>"a"b</c> is two words).</item>
/// <item>An open tag ends at the last <c>&gt;</c> of its line; a close tag is the first word of its line and must
/// end in <c>&gt;</c>. httpd ignores what follows either; it is kept as trivia of the <c>&gt;</c> token.</item>
/// <item>A UTF-8 byte-order mark is kept as trivia, as in the other grammars. httpd on Unix does not skip it and
/// reads it as part of the first word (<c>Invalid command '\xef\xbb\xbfListen'</c>): a rule may report it.</item>
/// <item>Errors: <c>&lt;/X&gt; without matching &lt;X&gt; section</c>, <c>expected &lt;/X&gt; but saw &lt;/Y&gt;</c>,
/// <c>unexpected end of file: expected &lt;/X&gt; to close the section opened at L:C</c>,
/// <c>expected '&gt;' to close '&lt;X'</c>, and a missing section name.</item>
/// </list>
/// </remarks>
public static class ApacheParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null)
    {
        var tree = new SyntaxTree(source, ConfigKind.Apache, ApacheText.DecodeValue);
        var context = new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth);
        return GrammarRunner.Run(context, ApacheGrammar.File);
    }
}
