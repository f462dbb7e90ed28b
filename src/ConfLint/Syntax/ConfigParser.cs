using ConfLint.Syntax.Nginx;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>Parses a file of any known kind.</summary>
public static class ConfigParser
{
    public static ParseResult Parse(SourceText source, ConfigKind kind, ParseOptions? options = null) => kind switch
    {
        ConfigKind.Nginx => NginxParser.Parse(source, options),
        _ => throw new NotSupportedException($"no parser for {kind.Name()} yet"),
    };
}
