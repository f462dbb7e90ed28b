using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Documents;
using ConfLint.Syntax.Haproxy;
using ConfLint.Syntax.Nginx;
using ConfLint.Syntax.Parsing;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax.Supervisor;
using ConfLint.Syntax.Systemd;
using ConfLint.Syntax.Tomcat;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>Parses a file of any known kind, with the grammar of its kind (one table, one entry per kind; Tomcat's
/// server.xml is read by System.Xml, <see cref="TomcatXmlReader"/>).</summary>
public static class ConfigParser
{
    /// <summary>Each kind's value decoding (quotes, escapes, continuations) and file grammar.</summary>
    private static readonly Dictionary<ConfigKind, (Func<SyntaxToken, string> DecodeValue, Func<ParseContext, ParseResult> Run)> Grammars = new()
    {
        [ConfigKind.Nginx] = (NginxText.DecodeValue, context => GrammarRunner.Run(context, NginxGrammar.File)),
        [ConfigKind.Apache] = (ApacheText.DecodeValue, context => GrammarRunner.Run(context, ApacheGrammar.File)),
        [ConfigKind.PhpFpm] = (PhpFpmText.DecodeValue, context => GrammarRunner.Run(context, PhpFpmGrammar.File)),
        [ConfigKind.Systemd] = (SystemdText.DecodeValue, context => GrammarRunner.Run(context, SystemdGrammar.File)),
        [ConfigKind.Supervisor] = (SupervisorText.DecodeValue, context => GrammarRunner.Run(context, SupervisorGrammar.File)),
        [ConfigKind.Compose] = (token => token.Text, YamlDocumentSyntax.Parse),
        [ConfigKind.Pm2] = (token => token.Text, Pm2DocumentSyntax.Parse),
        [ConfigKind.Haproxy] = (HaproxyText.DecodeValue, context => GrammarRunner.Run(context, HaproxyGrammar.File)),
        [ConfigKind.Tomcat] = (TomcatText.DecodeValue, TomcatXmlReader.Run),
    };

    public static ParseResult Parse(SourceText source, ConfigKind kind, ParseOptions? options = null)
    {
        var (decodeValue, run) = Grammars.TryGetValue(kind, out var grammar) ? grammar : throw new ArgumentOutOfRangeException(nameof(kind));
        var tree = new SyntaxTree(source, kind, decodeValue);
        return run(new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth));
    }
}
