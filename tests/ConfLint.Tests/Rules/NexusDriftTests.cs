using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 with Sonatype Nexus Repository read as its launcher reads its settings. Nexus may listen on more than its
/// files say (a connector per Docker repository, on application-host, kept in its database): a target on another port
/// of its host is not judged, unless Nexus's own nexus.properties names that port for application-port in the commented
/// line it wrote on its first start, the port it has moved from. Then the main connector is the one meant, and pointing
/// the site there is safe.</summary>
public class NexusDriftTests
{
    private static string Lint(TempTree tree, params string[] extra)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001,CL007", .. extra]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    /// <summary>The corpus root nexus-repository-nginx in small: the runbook's 8086 left in nginx and in the commented
    /// defaults Nexus wrote from the old install folder, the new install folder's 8081, and a Docker connector on 8082.</summary>
    private static TempTree Site(string firstStartPort, int mainTarget, string extraProperties = "")
    {
        const string defaults = "application-port=8081\napplication-host=0.0.0.0\nnexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-http.xml,${jetty.etc}/jetty-requestlog.xml\nnexus-context-path=/\n";
        return new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/nexus.conf",
                $"upstream nexus {{\n    server 127.0.0.1:{mainTarget};\n}}\n\nupstream nexus_docker {{\n    server 127.0.0.1:8082;\n}}\n\n"
                + "server {\n    listen 80;\n    server_name repo.example.com;\n    location / {\n        proxy_pass http://nexus;\n    }\n}\n\n"
                + "server {\n    listen 80;\n    server_name docker.example.com;\n    location / {\n        proxy_pass http://nexus_docker;\n    }\n}\n")
            .Write("etc/systemd/system/nexus.service", "[Service]\nType=forking\nExecStart=/opt/nexus/bin/nexus start\nUser=nexus\nRestart=on-abort\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nexus.service", "/etc/systemd/system/nexus.service")
            .Write("opt/nexus-3.70.1-02/bin/nexus.vmoptions", "-Xmx2703m\n-Dkaraf.home=.\n-Dkaraf.base=.\n-Dkaraf.data=../sonatype-work/nexus3\n")
            .Write("opt/nexus-3.70.1-02/etc/nexus-default.properties", defaults)
            .Link("opt/nexus", "/opt/nexus-3.70.1-02")
            .Write("opt/sonatype-work/nexus3/etc/nexus.properties",
                $"# Jetty section\n# application-port={firstStartPort}\n# application-host=0.0.0.0\n\napplication-host=127.0.0.1\n{extraProperties}");
    }

    [Fact]
    public void The_port_Nexus_moved_from_is_an_error_with_a_safe_fix_and_the_docker_connector_is_not_judged()
    {
        using var tree = Site("8086", 8086);
        var output = Lint(tree, "--verbose");
        Assert.Contains("nexus.conf:2:12: error CL001 [*] proxy_pass http://nexus reaches 127.0.0.1:8086: no back end ConfLint reads listens there", output, StringComparison.Ordinal);
        Assert.Contains("opt/nexus-3.70.1-02/etc/nexus-default.properties:1:1: nexus in service 'nexus.service' listens here", output, StringComparison.Ordinal);
        Assert.Contains("opt/sonatype-work/nexus3/etc/nexus.properties:2:1: nexus in service 'nexus.service' listened on port 8086 before", output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at 127.0.0.1:8081 (nexus in service 'nexus.service': its own files name port 8086", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), l => l.Contains("Point the upstream server", StringComparison.Ordinal) && l.Contains("(unsafe fix)", StringComparison.Ordinal));

        // The Docker repository's connector: a setting in Nexus's database, on application-host. Said in --verbose only.
        Assert.DoesNotContain("nexus.conf:6:12:", output, StringComparison.Ordinal);
        Assert.Contains("CL001 did not judge 127.0.0.1:8082: nexus in service 'nexus.service' may listen there: Nexus adds a connector on application-host 127.0.0.1", output, StringComparison.Ordinal);

        // Sonatype's Restart=on-abort restarts the JVM after a crash or a kill by a signal, not after an OOM kill: an info,
        // as for every service.
        Assert.DoesNotContain(output.Split('\n'), l => l.Contains("warning CL007", StringComparison.Ordinal) || l.Contains("error CL007", StringComparison.Ordinal));
        Assert.Contains("info CL007", output, StringComparison.Ordinal);
        Assert.Contains("has Restart=on-abort: systemd starts it again after a crash by a signal, but not after an OOM kill", output, StringComparison.Ordinal);

        var fix = CliRunner.Run("fix", "--root", tree.Root);
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        Assert.Contains("server 127.0.0.1:8081;", tree.Read("etc/nginx/sites-enabled/nexus.conf"), StringComparison.Ordinal);
        Assert.Contains("server 127.0.0.1:8082;", tree.Read("etc/nginx/sites-enabled/nexus.conf"), StringComparison.Ordinal);
    }

    [Theory]
    // Nothing in Nexus's files names 8086: it may be one of its repositories' connectors.
    [InlineData("8081", 8086, "")]
    // Nginx and Nexus meet; the Docker connector beside is not judged.
    [InlineData("8086", 8081, "")]
    // The port was moved in nexus.properties, and nginx follows it.
    [InlineData("8081", 8090, "application-port=8090\n")]
    public void A_target_that_may_be_one_of_Nexus_connectors_or_that_meets_it_is_silent(string firstStartPort, int mainTarget, string extra)
    {
        using var tree = Site(firstStartPort, mainTarget, extra);
        var output = Lint(tree);
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
    }

    /// <summary>The port moved in nexus.properties while nginx kept the default the first start wrote there, commented.</summary>
    [Fact]
    public void A_port_moved_in_nexus_properties_is_found_by_the_commented_default()
    {
        using var tree = Site("8081", 8081, "application-port=8090\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://nexus reaches 127.0.0.1:8081", output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at 127.0.0.1:8090", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nexus.conf:6:12:", output, StringComparison.Ordinal);
    }
}
