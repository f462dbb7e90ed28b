using ConfLint.Tests.Host;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on a packager.io (pkgr) package behind Apache, as the addon-apache2 wizard writes it
/// (<c>DocumentRoot /opt/APP/public</c>, the launcher running the process in /opt/APP, and <c>ProxyPass / http://127.0.0.1:APP_PORT/ retry=0</c>): after <c>APP config:set PORT=6100</c> (conf.d/other) the web
/// process, the Procfile's first, listens on 6100, and a ProxyPass to 6000 reaches nothing.</summary>
public class PkgrPortDriftTests
{
    private static TempTree Apache(int proxied, string? confD) =>
        PkgrLauncherTests.Pkgr(new TempTree()
            .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\nErrorLog /dev/null\nServerName localhost\nTimeout 300\nListen 80\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/shop.conf", $"<VirtualHost *:80>\n    ServerName shop.example.net\n    DocumentRoot /opt/shop/public\n    ProxyRequests off\n    ProxyPass / http://127.0.0.1:{proxied}/ retry=0\n    ProxyPassReverse / http://127.0.0.1:{proxied}/\n</VirtualHost>\n"))
            .Write("etc/shop/conf.d/other", confD ?? "export SECRET_KEY_BASE=\"x\"\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void A_ProxyPass_to_6000_while_conf_d_sets_PORT_6100_is_an_error()
    {
        using var tree = Apache(6000, "export PORT=\"6100\"\n");
        var output = Lint(tree);
        Assert.Contains("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:6000", output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:6100", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6100, "export PORT=\"6100\"\n")]
    [InlineData(6000, null)]
    public void A_ProxyPass_to_the_port_the_launcher_gives_the_web_process_is_silent(int proxied, string? confD)
    {
        using var tree = Apache(proxied, confD);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_the_launcher_runs_that_ConfLint_does_not_read_keeps_the_port_its_command_names_from_being_judged()
    {
        // Zammad's websocket process: script/websocket-server.rb -p ${ZAMMAD_WEBSOCKET_PORT:=6042}, no server ConfLint
        // reads; a ProxyPass to 6042 may well reach it, so no CL001 (the web process listens on 6000, elsewhere).
        using var tree = Apache(6042, null)
            .Write("opt/shop/Procfile", "web: bundle exec puma -b tcp://127.0.0.1:$PORT\nwebsocket: bundle exec script/websocket-server.rb -b 127.0.0.1 -p ${WS_PORT:=6042} start\n")
            .Write("opt/shop/vendor/pkgr/processes/websocket", "#!/bin/sh\nexec bundle exec script/websocket-server.rb -b 127.0.0.1 -p ${WS_PORT:=6042} start $@")
            .Write("etc/systemd/system/shop-websocket-1.service", "[Service]\nEnvironment=APP_PROCESS_INDEX=1\nExecStart=/usr/bin/shop run websocket\nRestart=always\n");
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);

        // The same ProxyPass to a port no process names is reported.
        tree.Write("opt/shop/vendor/pkgr/processes/websocket", "#!/bin/sh\nexec bundle exec script/websocket-server.rb -b 127.0.0.1 -p 6043 start $@");
        Assert.Contains("error CL001", Lint(tree), StringComparison.Ordinal);
    }
}
