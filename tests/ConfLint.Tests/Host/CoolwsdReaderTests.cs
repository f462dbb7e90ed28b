using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Collabora Online's coolwsd as COOLWSD.cpp reads its settings: coolwsd.xml (or --config-file), then the command
/// line's --o:PATH=VALUE, --disable-ssl and --port over it; TLS where ssl.enable is true (the default), the address from
/// net.listen and net.proto.</summary>
public class CoolwsdReaderTests
{
    private const string Unit = "[Service]\nUser=cool\nExecStart=/usr/bin/coolwsd --version --o:sys_template_path=/opt/cool/systemplate{0}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string Xml(string net = "", string ssl = "") =>
        $"<config>\n  <server_name type=\"string\"></server_name>\n  <net>\n{net}  </net>\n  <ssl>\n{ssl}  </ssl>\n</config>\n";

    private static AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "coolwsd.service").Server!;

    private static TempTree Tree(string options = "", string? xml = null, string xmlPath = "etc/coolwsd/coolwsd.xml")
    {
        var tree = new TempTree().Write("lib/systemd/system/coolwsd.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, options));
        if (xml is not null)
        {
            tree.Write(xmlPath, xml);
        }

        return tree;
    }

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => $"{b.Endpoint.Describe()}/{b.Tls}"));

    [Fact]
    public void The_packages_defaults_are_TLS_on_port_9980_on_every_address()
    {
        using var tree = Tree(xml: Xml());
        var server = Server(tree);
        Assert.Equal("coolwsd", server.Program);
        Assert.False(server.BindsUnknown);
        Assert.Equal("[::]:9980/Yes", Binds(server));
    }

    [Fact]
    public void Ssl_enable_false_on_loopback_over_IPv4_is_plain_HTTP_on_127_0_0_1()
    {
        using var tree = Tree(xml: Xml(
            net: "    <proto type=\"string\" default=\"all\">IPv4</proto>\n    <listen type=\"string\" default=\"any\">loopback</listen>\n",
            ssl: "    <enable type=\"bool\" default=\"true\">false</enable>\n    <termination type=\"bool\" default=\"true\">true</termination>\n"));
        var server = Server(tree);
        Assert.Equal("127.0.0.1:9980/No", Binds(server));
        Assert.Contains("ssl.enable false in /etc/coolwsd/coolwsd.xml:8", server.Binds[0].TlsEvidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Yes", "yes")]
    [InlineData("ON", "yes")]
    [InlineData("1", "yes")]
    [InlineData("no", "no")]
    [InlineData("0", "no")]
    public void Ssl_enable_is_read_as_Poco_reads_a_boolean(string value, string expected)
    {
        using var tree = Tree(xml: Xml(ssl: $"    <enable>{value}</enable>\n"));
        Assert.Equal(expected == "yes" ? TlsFact.Yes : TlsFact.No, Server(tree).Binds.Single().Tls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    public void An_unreadable_ssl_enable_leaves_the_back_end_unknown(string value)
    {
        using var tree = Tree(xml: Xml(ssl: $"    <enable>{value}</enable>\n"));
        var server = Server(tree);
        Assert.True(server.BindsUnknown);
        Assert.Empty(server.Binds);
    }

    [Theory]
    [InlineData(" --disable-ssl")]
    [InlineData(" --o:ssl.enable=false")]
    [InlineData(" --override=ssl.enable=false")]
    public void The_command_line_turns_TLS_off_over_the_file(string options)
    {
        using var tree = Tree(options, Xml(ssl: "    <enable>true</enable>\n"));
        Assert.Equal("[::]:9980/No", Binds(Server(tree)));
    }

    [Fact]
    public void The_port_option_moves_the_listener_and_is_located_at_its_word()
    {
        using var tree = Tree(" --port=9990", Xml(ssl: "    <enable>false</enable>\n"));
        var server = Server(tree);
        Assert.Equal("[::]:9990/No", Binds(server));
        Assert.Equal(3, server.Binds[0].Location.Start.Line);
    }

    [Fact]
    public void Loopback_over_both_families_is_not_placed()
    {
        using var tree = Tree(xml: Xml(net: "    <listen>loopback</listen>\n"));
        var server = Server(tree);
        Assert.True(server.BindsUnknown);
        Assert.Contains(server.Unknowns, u => u.Contains("net.proto all", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_listen_value_falls_back_to_every_address()
    {
        using var tree = Tree(xml: Xml(net: "    <proto>IPv4</proto>\n    <listen>localhost</listen>\n"));
        Assert.Equal("0.0.0.0:9980/Yes", Binds(Server(tree)));
    }

    [Fact]
    public void The_config_file_option_names_the_file_read()
    {
        using var tree = Tree(" --config-file=/srv/office/coolwsd.xml", Xml(ssl: "    <enable>false</enable>\n"), "srv/office/coolwsd.xml");
        Assert.Equal("[::]:9980/No", Binds(Server(tree)));
    }

    [Fact]
    public void Without_its_file_coolwsd_is_left_unknown()
    {
        using var tree = Tree();
        Assert.True(Server(tree).BindsUnknown);
    }

    [Fact]
    public void A_file_that_is_not_XML_is_left_unknown()
    {
        using var tree = Tree(xml: "<config><ssl><enable>false</enable></ssl>");
        Assert.True(Server(tree).BindsUnknown);
    }

    [Fact]
    public void Https_to_a_plain_coolwsd_is_a_CL001_error_with_a_safe_fix_and_http_is_silent()
    {
        using var tree = Tree(xml: Xml(
            net: "    <proto>IPv4</proto>\n    <listen>loopback</listen>\n",
            ssl: "    <enable>false</enable>\n"));
        tree.Write("etc/nginx/nginx.conf", "events {}\nhttp {\n  server {\n    listen 80;\n    location /browser { proxy_pass https://127.0.0.1:9980; }\n    location /hosting { proxy_pass http://127.0.0.1:9980; }\n  }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = System.Text.Json.JsonDocument.Parse(output.Stdout);
        var finding = Assert.Single(report.RootElement.GetProperty("diagnostics").EnumerateArray().ToList());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(5, finding.GetProperty("line").GetInt32());
        Assert.Contains("ssl.enable false in /etc/coolwsd/coolwsd.xml", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("safe", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }
}
