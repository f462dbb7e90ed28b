using System.Text;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>No input crashes the process: 50 MB of configuration parses and round-trips, and 50 MB on one line
/// without a break gives a tree or an error, for each kind. Slow: a quick local loop leaves them out with
/// <c>dotnet test --filter "Category!=Slow"</c>; CI runs them.</summary>
[Trait("Category", "Slow")]
public class LargeInputTests
{
    private const int Size = 50 * 1024 * 1024;

    private static readonly Dictionary<ConfigKind, string> Unit = new()
    {
        [ConfigKind.Nginx] = "server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n",
        [ConfigKind.Apache] = "<VirtualHost *:80>\n    ServerName a.example\n    ProxyPass / http://127.0.0.1:8000/\n</VirtualHost>\n",
        [ConfigKind.PhpFpm] = "[www]\nlisten = /run/php/php8.2-fpm.sock\npm.max_children = 5\n",
        [ConfigKind.Systemd] = "[Service]\nExecStart=/usr/bin/app --bind 127.0.0.1:8000\nRestart=on-failure\n",
        [ConfigKind.Haproxy] = "backend app\n    timeout server 30s\n    server s1 127.0.0.1:8000 check # note\n",
    };

    public static TheoryData<ConfigKind> Kinds() => [ConfigKind.Nginx, ConfigKind.Apache, ConfigKind.PhpFpm, ConfigKind.Systemd, ConfigKind.Haproxy];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fifty_megabytes_of_configuration_parse_and_round_trip(ConfigKind kind)
    {
        var unit = Unit[kind];
        var text = new StringBuilder(Size + unit.Length);
        while (text.Length < Size)
        {
            text.Append(unit);
        }

        var source = new SourceText("big.conf", text.ToString());
        var result = ConfigParser.Parse(source, kind);
        Assert.True(result.Success, result.Error?.ToString());
        Assert.True(source.Text == result.Tree!.ToFullString(), "printing the tree does not give back the 50 MB text");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fifty_megabytes_on_one_line_give_a_tree_or_an_error(ConfigKind kind)
    {
        var text = new string('x', Size / 2) + "{;\"" + new string('y', Size / 2);
        var result = ConfigParser.Parse(new SourceText("one-line.conf", text), kind);
        if (result.Success)
        {
            Assert.True(text == result.Tree!.ToFullString());
        }
        else
        {
            Assert.InRange(result.Error!.Position, 0, text.Length);
            Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        }
    }
}
