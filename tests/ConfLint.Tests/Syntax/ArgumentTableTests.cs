using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>Directives with the same argument values share one array (ArgumentTable); the values stay each directive's own.</summary>
public sealed class ArgumentTableTests
{
    private static List<NginxDirective> Directives(string text)
    {
        var result = ConfigParser.Parse(new SourceText("t.conf", text), ConfigKind.Nginx);
        Assert.Null(result.Error);
        var all = new List<NginxDirective>();
        void Walk(IReadOnlyList<NginxDirective> directives)
        {
            foreach (var d in directives)
            {
                all.Add(d);
                if (d.Block is { RawBody: null } block)
                {
                    Walk(block.Directives);
                }
            }
        }

        Walk(((NginxConfigFile)result.Tree!.Root).Directives);
        return all;
    }

    [Fact]
    public void Repeated_argument_lists_share_one_array_and_keep_their_values()
    {
        var directives = Directives("""
            location /a { proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr; }
            location /b { proxy_set_header Host $host; proxy_set_header "X-Real-IP" $remote_addr; proxy_set_header Host $http_host; }
            """);
        var hosts = directives.Where(d => d.Name == "proxy_set_header" && d.Args[1] == "$host").ToList();
        Assert.Equal(2, hosts.Count);
        Assert.Same(hosts[0].Args, hosts[1].Args);
        Assert.Equal(["Host", "$host"], hosts[0].Args);

        // The quoted spelling reads as the same values, so it shares too; other values do not.
        var realIp = directives.Where(d => d.Args.Count == 2 && d.Args[0] == "X-Real-IP").ToList();
        Assert.Equal(2, realIp.Count);
        Assert.Same(realIp[0].Args, realIp[1].Args);
        var httpHost = directives.Single(d => d.Args.Count == 2 && d.Args[1] == "$http_host");
        Assert.NotSame(hosts[0].Args, httpHost.Args);
        Assert.Equal(["Host", "$http_host"], httpHost.Args);
        Assert.Equal(["/a"], directives.First(d => d.Name == "location").Args);
    }

    [Fact]
    public void Lists_differing_in_length_or_order_are_told_apart()
    {
        var directives = Directives("a x y; b y x; c x; d x y z; e x y;");
        IReadOnlyList<string> Of(string name) => directives.Single(d => d.Name == name).Args;
        Assert.Equal(["x", "y"], Of("a"));
        Assert.Equal(["y", "x"], Of("b"));
        Assert.Equal(["x"], Of("c"));
        Assert.Equal(["x", "y", "z"], Of("d"));
        Assert.Same(Of("a"), Of("e"));
        Assert.NotSame(Of("a"), Of("b"));
        Assert.Empty(directives.Single(d => d.Name == "c").Args.Skip(1));
    }

    [Fact]
    public void Long_lists_and_the_table_lookup_from_a_span()
    {
        string[] nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        var first = ArgumentTable.Get(nine);
        Assert.NotSame(nine, first);
        Assert.NotSame(first, ArgumentTable.Get(nine));
        Assert.Equal(nine, first);

        string[] two = ["p", "q"];
        var shared = ArgumentTable.Get(two.AsSpan());
        two[0] = "changed";
        Assert.Equal(["p", "q"], shared);
        Assert.Empty(ArgumentTable.Get([]));
    }
}
