using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>Parses a file of any known kind.</summary>
public static class ConfigParser
{
    public static ParseResult Parse(SourceText source, ConfigKind kind, ParseOptions? options = null) => kind switch
    {
        ConfigKind.Nginx => NginxParser.Parse(source, options),
        ConfigKind.Apache => ApacheParser.Parse(source, options),
        ConfigKind.PhpFpm => PhpFpmParser.Parse(source, options),
        ConfigKind.Systemd => SystemdParser.Parse(source, options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
