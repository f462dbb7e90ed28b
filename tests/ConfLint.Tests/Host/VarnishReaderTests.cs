using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>varnishd as varnishd(1) says it listens: each <c>-a [name=][address][:port][,PROTO][,option=value]</c>, every
/// address when the address is left out, port 80 when the port is, <c>:80</c> without any <c>-a</c>.</summary>
public class VarnishReaderTests
{
    private static AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "varnish.service").Server!;

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => b.Endpoint.Describe() + (b.Protocol == BackendProtocol.Other ? "(proxy)" : string.Empty)));

    [Theory]
    [InlineData("/usr/sbin/varnishd -j unix,user=vcache -F -a :6081 -T localhost:6082 -f /etc/varnish/default.vcl -S /etc/varnish/secret -s malloc,256m", "*:6081")]
    [InlineData("/usr/sbin/varnishd -a :6081 -a localhost:8443,PROXY -f /etc/varnish/default.vcl", "*:6081 127.0.0.1:8443(proxy)")]
    [InlineData("/usr/sbin/varnishd -a public=127.0.0.1:6081,HTTP -F", "127.0.0.1:6081")]
    [InlineData("/usr/sbin/varnishd -a127.0.0.1 -F", "127.0.0.1:80")]
    [InlineData("/usr/sbin/varnishd -a [::1]:6081 -F", "[::1]:6081")]
    [InlineData("/usr/sbin/varnishd -a /run/varnish/http.sock,user=vcache,mode=660 -F", "unix:/run/varnish/http.sock")]
    [InlineData("/usr/sbin/varnishd -F -f /etc/varnish/default.vcl", "*:80")]
    public void Each_dash_a_is_a_listener(string command, string binds)
    {
        using var tree = new TempTree().Service("varnish.service", command);
        var server = Server(tree);
        Assert.Equal("varnishd", server.Program);
        Assert.Equal(binds, Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Fact]
    public void An_address_the_shell_would_expand_is_unknown()
    {
        using var tree = new TempTree().Service("varnish.service", "/usr/sbin/varnishd -a ${LISTEN} -F");
        Assert.True(Server(tree).BindsUnknown);
    }

    [Fact]
    public void A_varnish_that_nginx_proxies_to_without_Restart_is_reported_by_CL007_and_what_it_listens_on_is_no_CL001()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 443 ssl;\n        server_name shop.example.com;\n        ssl_certificate /etc/ssl/shop.pem;\n        ssl_certificate_key /etc/ssl/shop.key;\n        location / {\n            proxy_pass http://127.0.0.1:6081;\n        }\n    }\n}\n")
            .Service("varnish.service", "/usr/sbin/varnishd -F -a :6081 -T localhost:6082 -f /etc/varnish/default.vcl -s malloc,256m");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL007");
        Assert.Contains("warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("service 'varnish.service' runs varnishd", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);

        // Pointed at the management port (-T) instead: no HTTP listener there, and varnishd's own one is named.
        tree.Write("etc/nginx/nginx.conf", File.ReadAllText(tree.Path("etc/nginx/nginx.conf")).Replace("127.0.0.1:6081", "127.0.0.1:6082", StringComparison.Ordinal));
        var wrong = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("CL001 proxy_pass http://127.0.0.1:6082: nothing on this host listens there (varnishd in service 'varnish.service' listens on *:6081)", wrong.Stdout, StringComparison.Ordinal);
    }
}
