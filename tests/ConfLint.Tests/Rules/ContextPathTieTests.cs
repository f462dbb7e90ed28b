using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 ties a back end that serves under a path of its own (Jenkins' --prefix) to a front end whose target path
/// lies under it; a port the packaging's SysV file names, which the unit does not read, leaves two fixes. CL006 compares
/// Apache's proxy timeout with Grafana's [dataproxy] timeout.</summary>
public class ContextPathTieTests
{
    private static string Lint(string proxyPass, string? defaultJenkins = null, string prefix = "/jenkins", string select = "CL001")
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Listen 80\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\n<VirtualHost *:80>\n    ServerName ops.example.com\n    " + proxyPass + "\n</VirtualHost>\n")
            .Write("lib/systemd/system/jenkins.service", "[Unit]\nDescription=Jenkins\n\n[Service]\nExecStart=/usr/bin/jenkins\nEnvironment=\"JENKINS_PORT=8080\"\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/jenkins.service.d/override.conf", $"[Service]\nEnvironment=\"JENKINS_LISTEN_ADDRESS=127.0.0.1\" \"JENKINS_PREFIX={prefix}\"\n");
        if (defaultJenkins is not null)
        {
            tree.Write("etc/default/jenkins", defaultJenkins);
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", select);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void A_target_path_under_the_prefix_ties_and_the_fix_is_safe()
    {
        var report = Lint("ProxyPass /jenkins http://localhost:8090/jenkins nocanon");
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.Contains("under the path /jenkins the back end serves under", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProxyPass /jenkinsx http://localhost:8090/jenkinsx")]
    [InlineData("ProxyPass /jenkins http://localhost:8090/")]
    [InlineData("ProxyPass /jenkins http://localhost:8090")]
    public void A_path_beside_the_prefix_or_none_does_not_tie(string proxyPass)
    {
        var report = Lint(proxyPass);
        Assert.Contains("info CL001", report, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SysV_files_port_at_the_target_makes_the_fix_unsafe()
    {
        var report = Lint("ProxyPass /jenkins http://localhost:8090/jenkins nocanon", "NAME=jenkins\nHTTP_PORT=8090\n");
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.Contains("HTTP_PORT=8090 in /etc/default/jenkins, which jenkins.service does not read", report, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", report, StringComparison.Ordinal);

        // A port there that is neither the target's nor Jenkins' changes nothing.
        Assert.DoesNotContain("unsafe", Lint("ProxyPass /jenkins http://localhost:8090/jenkins nocanon", "HTTP_PORT=8070\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProxyTimeout 60", "[dataproxy]\ntimeout = 300\n", true)]
    [InlineData("ProxyTimeout 60", "[dataproxy]\n;timeout = 300\n", false)]
    [InlineData("ProxyTimeout 400", "[dataproxy]\ntimeout = 300\n", false)]
    public void Apaches_proxy_timeout_is_compared_with_Grafanas_data_source_timeout(string timeout, string ini, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Listen 80\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\n<VirtualHost *:80>\n    ServerName ops.example.com\n    " + timeout + "\n    ProxyPass /grafana/ http://127.0.0.1:3000/grafana/\n</VirtualHost>\n")
            .Write("lib/systemd/system/grafana-server.service", "[Unit]\nDescription=Grafana\n\n[Service]\nWorkingDirectory=/usr/share/grafana\nExecStart=/usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/grafana/grafana.ini", "[server]\nhttp_addr = 127.0.0.1\n" + ini);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Equal(reported, output.Stdout.Contains("warning CL006", StringComparison.Ordinal));
        if (reported)
        {
            Assert.Contains("[dataproxy] timeout", output.Stdout, StringComparison.Ordinal);
            Assert.Contains("Raise Apache's proxy timeout to 305 s", output.Stdout, StringComparison.Ordinal);
        }
    }
}
