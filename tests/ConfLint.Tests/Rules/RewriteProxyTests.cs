using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A <c>RewriteRule ... [P]</c> is a front end like a ProxyPass where mod_rewrite runs it (RewriteEngine on for its
/// context, the main server's rules only where a virtual host inherits them, mod_rewrite, mod_proxy and the scheme's module
/// loaded) and its scheme, host and port are written out; CL001 then judges it and its fix keeps the rest of the target.
/// Otherwise it is no front end, and --verbose says why where the files do not prove it either way.</summary>
public class RewriteProxyTests
{
    private const string Modules = "Listen 80\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\n" +
                                   "LoadModule proxy_wstunnel_module modules/mod_proxy_wstunnel.so\nLoadModule rewrite_module modules/mod_rewrite.so\n";

    /// <summary>Jenkins on *:8080, named by the virtual host's ServerName (so a dead target gets an error and a fix).</summary>
    private static CliRunner.Output Run(string vhostBody, string? server = null, string modules = Modules, string command = "lint", bool lone = false)
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/jenkins.service", "[Unit]\nDescription=Jenkins\n\n[Service]\nExecStart=/usr/bin/jenkins\nEnvironment=\"JENKINS_PORT=8080\"\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        var vhost = "<VirtualHost *:80>\n    ServerName jenkins.example.com\n" + vhostBody + "</VirtualHost>\n";
        tree.Write(lone ? "etc/apache2/sites-enabled/jenkins.conf" : "etc/apache2/apache2.conf", lone ? vhost : modules + (server ?? string.Empty) + vhost);
        // A lone site file is linted by name, beside the unit (no apache2.conf for discovery to start from).
        string[] where = lone
            ? [Path.Combine(tree.Root, "etc/apache2/sites-enabled/jenkins.conf"), Path.Combine(tree.Root, "lib/systemd/system/jenkins.service")]
            : ["--root", tree.Root];
        var output = command == "fix"
            ? CliRunner.Run(["fix", "--dry-run", .. where, "--select", "CL001"])
            : CliRunner.Run(["lint", .. where, "--select", "CL001", "--verbose"]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output;
    }

    private static string Rule(string rule) => "    RewriteEngine On\n    " + rule + "\n";

    [Theory]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]")]
    [InlineData("RewriteRule ^/(.*)$ \"http://localhost:8090/$1\" [NC,P,L]")]
    [InlineData("RewriteRule ^/(.*)$ http://127.0.0.1:8090/$1 [L,proxy]")]
    [InlineData("RewriteRule ^/(.*)$ http://127.0.0.1:8090/$1 [p]")]
    [InlineData("RewriteRule ^(/.*)$ http://127.0.0.1:8090$1 [P]")]
    [InlineData("RewriteRule ^/?(.*) ws://localhost:8090/$1 [P,L]")]
    public void A_dead_proxy_target_is_CL001(string rule)
    {
        var output = Run(Rule(rule));
        Assert.Contains("error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing on this host listens there", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fix_replaces_only_the_address_and_keeps_the_quotes_path_and_back_reference()
    {
        var quoted = Run(Rule("RewriteRule ^/(.*)$ \"http://localhost:8090/app/$1\" [NC,P,L]"), command: "fix").Stdout;
        Assert.Contains("+    RewriteRule ^/(.*)$ \"http://127.0.0.1:8080/app/$1\" [NC,P,L]", quoted, StringComparison.Ordinal);

        var joined = Run(Rule("RewriteRule ^(/.*)$ http://localhost:8090$1 [P]"), command: "fix").Stdout;
        Assert.Contains("+    RewriteRule ^(/.*)$ http://127.0.0.1:8080$1 [P]", joined, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RewriteRule ^/(.*)$ http://127.0.0.1:8080/$1 [P]")]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:8080/$1 [P,L]")]
    public void A_live_target_gives_nothing(string rule)
    {
        var output = Run(Rule(rule));
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RewriteRule", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:8090/$1")]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:8090/$1 [PT]")]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:8090/$1 [R=302,L]")]
    [InlineData("RewriteRule ^/(.*)$ /local/$1 [P]")]
    public void A_rule_that_does_not_proxy_or_names_no_address_is_no_front_end(string rule)
    {
        var output = Run(Rule(rule));
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RewriteRule", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RewriteRule ^/x/([a-z]+)/(.*)$ http://$1:8090/$2 [P]", "the host or port of http://$1:8090/$2 is known only per request")]
    [InlineData("RewriteRule ^/(.*)$ http://%{HTTP_HOST}:8090/$1 [P]", "the host or port of http://%{HTTP_HOST}:8090/$1 is known only per request")]
    [InlineData("RewriteRule ^/(.*)$ http://localhost:${backends:port}/$1 [P]", "is known only per request")]
    [InlineData("RewriteRule ^/(.*)$ %{ENV:proto}://localhost:8090/$1 [P]", "the scheme of %{ENV:proto}://localhost:8090/$1 is known only per request")]
    [InlineData("RewriteRule ^/(.*)$ $1 [P]", "$1 makes the scheme, host and port known only per request")]
    [InlineData("RewriteRule ^/x(.*)$ http://localhost:8090$1 [P]", "the host or port of http://localhost:8090$1 is known only per request")]
    public void A_target_whose_address_is_known_per_request_is_a_note(string rule, string note)
    {
        var output = Run(Rule(rule));
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("the target was not judged", output.Stderr, StringComparison.Ordinal);
        Assert.Contains(note, output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    RewriteEngine Off\n    RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n")]
    [InlineData("    RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n")]
    [InlineData("    RewriteEngine On\n    RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n    RewriteEngine Off\n")]
    [InlineData("    <Directory /var/www>\n        RewriteEngine Off\n        RewriteRule ^(.*)$ http://localhost:8090/$1 [P]\n    </Directory>\n    RewriteEngine On\n")]
    public void A_rule_with_the_engine_off_gives_nothing(string body)
    {
        var output = Run(body);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RewriteRule", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RewriteEngine On\n", "    RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n")]
    [InlineData("RewriteEngine On\n", "    <Directory /var/www>\n        RewriteRule ^(.*)$ http://localhost:8090/$1 [P]\n    </Directory>\n")]
    [InlineData("", "    RewriteEngine On\n    <Directory /var/www>\n        RewriteRule ^(.*)$ http://localhost:8090/$1 [P]\n    </Directory>\n")]
    [InlineData("", "    <Location /app>\n        RewriteEngine On\n        RewriteRule ^(.*)$ http://localhost:8090/$1 [P]\n    </Location>\n")]
    public void The_engine_comes_from_the_main_server_or_the_enclosing_scope(string server, string body)
    {
        // A virtual host keeps the main server's RewriteEngine (config_server_merge); a directory scope keeps its server's.
        var output = Run(body, server: server);
        Assert.Contains("error CL001", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_scope_that_turns_the_engine_off_leaves_the_rule_unjudged()
    {
        var output = Run(Rule("RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]") + "    <Location /static>\n        RewriteEngine Off\n    </Location>\n");
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("'RewriteEngine Off' in <Location /static>", output.Stderr, StringComparison.Ordinal);

        // A <Directory> is walked after translate_name: it does not reach a server-level rule, but it does a per-directory one.
        var directory = "    <Directory /var/www/static>\n        RewriteEngine Off\n    </Directory>\n";
        Assert.Contains("error CL001", Run(Rule("RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]") + directory).Stdout, StringComparison.Ordinal);
        var perDirectory = Run("    RewriteEngine On\n    <Directory /var/www>\n        RewriteRule ^(.*)$ http://localhost:8090/$1 [P]\n    </Directory>\n" + directory);
        Assert.DoesNotContain("CL001", perDirectory.Stdout, StringComparison.Ordinal);
        Assert.Contains("'RewriteEngine Off' in <Directory /var/www/static>", perDirectory.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_main_server_rule_counts_only_where_a_virtual_host_inherits_it()
    {
        const string main = "RewriteEngine On\nRewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n";
        var alone = Run("    DocumentRoot /var/www\n", server: main);
        Assert.DoesNotContain("CL001", alone.Stdout, StringComparison.Ordinal);
        Assert.Contains("no <VirtualHost> inherits", alone.Stderr, StringComparison.Ordinal);

        var inherited = Run("    RewriteOptions Inherit\n", server: main);
        Assert.Contains("CL001", inherited.Stdout, StringComparison.Ordinal);
        var down = Run("    DocumentRoot /var/www\n", server: main + "RewriteOptions InheritDown\n");
        Assert.Contains("CL001", down.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LoadModule rewrite_module modules/mod_rewrite.so\n", "mod_proxy is not loaded")]
    [InlineData("LoadModule proxy_module modules/mod_proxy.so\nLoadModule rewrite_module modules/mod_rewrite.so\n", "no module that proxies http:// is loaded")]
    [InlineData("LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\n", "mod_rewrite is not loaded")]
    public void A_rule_whose_modules_are_not_loaded_is_a_note(string modules, string note)
    {
        var output = Run(Rule("RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]"), modules: "Listen 80\n" + modules);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains(note, output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_site_file_without_RewriteEngine_is_a_note_and_with_it_is_judged()
    {
        var without = Run("    RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]\n", lone: true);
        Assert.DoesNotContain("CL001", without.Stdout, StringComparison.Ordinal);
        Assert.Contains("no RewriteEngine is set in the files read", without.Stderr, StringComparison.Ordinal);

        Assert.Contains("CL001", Run(Rule("RewriteRule ^/(.*)$ http://localhost:8090/$1 [P]"), lone: true).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Uptime_Kumas_documented_websocket_rule_is_judged_beside_its_ProxyPass()
    {
        // Uptime Kuma's documented Apache configuration, pointed at a port nothing listens on.
        var output = Run("    ProxyPass / http://localhost:8090/\n    RewriteEngine on\n    RewriteCond %{HTTP:Upgrade} websocket [NC]\n    RewriteCond %{HTTP:Connection} upgrade [NC]\n    RewriteRule ^/?(.*) \"ws://localhost:8090/$1\" [P,L]\n");
        Assert.Contains("RewriteRule ws://localhost:8090/$1: nothing on this host listens there", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("ProxyPass http://localhost:8090/: nothing on this host listens there", output.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("    ProxyPass /x ajp://127.0.0.1:8009/x secret=s3cret\n", false)]
    public void An_ajp_rule_without_the_connectors_secret_is_CL018_with_no_fix_on_its_line(string beside, bool reported)
    {
        // Its line takes no worker parameters; a ProxyPass to the same address with a secret may own the worker it uses.
        using var tree = new TempTree()
            .Write("etc/tomcat10/server.xml", "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n    <Connector protocol=\"AJP/1.3\" port=\"8009\" secret=\"s3cret\" />\n  </Service>\n</Server>\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_ajp_module modules/mod_proxy_ajp.so\nLoadModule rewrite_module modules/mod_rewrite.so\nListen 80\n<VirtualHost *:80>\n" +
                                               beside + "    RewriteEngine On\n    RewriteRule ^/(.*)$ ajp://127.0.0.1:8009/$1 [P]\n</VirtualHost>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL018");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Equal(reported, output.Stdout.Contains("error CL018 RewriteRule ajp://127.0.0.1:8009/$1 sends no secret", StringComparison.Ordinal));
        Assert.DoesNotContain("fixable", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_rule_without_SSLProxyEngine_is_CL013()
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Modules + "<VirtualHost *:80>\n    RewriteEngine On\n    RewriteRule ^/(.*)$ https://10.0.0.5:8443/$1 [P]\n</VirtualHost>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL013");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("error CL013 RewriteRule https://10.0.0.5:8443/$1: the back end speaks HTTPS but SSLProxyEngine is not on", output.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true)]
    // A worker named http://127.0.0.1:3000/x serves no URL under /grafana/: the rule uses the default worker, ProxyTimeout 60.
    [InlineData("    ProxyPass /x http://127.0.0.1:3000/x timeout=400\n", true)]
    // Its name begins every URL of the rule: its timeout= is the one used.
    [InlineData("    ProxyPass /grafana http://127.0.0.1:3000/grafana timeout=400\n", false)]
    [InlineData("    ProxyPass / http://127.0.0.1:3000/ timeout=400\n", false)]
    // It serves only the rule's URLs under /grafana/api: not judged.
    [InlineData("    ProxyPass /grafana/api http://127.0.0.1:3000/grafana/api timeout=400\n", false)]
    public void A_rules_timeout_is_that_of_the_worker_whose_name_begins_its_URL(string beside, bool reported)
    {
        // The rule's line carries no timeout=; it uses the worker whose name is the longest that begins its URL
        // (ap_proxy_get_worker), else the default worker.
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Modules + "<VirtualHost *:80>\n    ServerName ops.example.com\n    ProxyTimeout 60\n" + beside +
                                               "    RewriteEngine On\n    RewriteRule ^/grafana/(.*)$ http://127.0.0.1:3000/grafana/$1 [P]\n</VirtualHost>\n")
            .Write("lib/systemd/system/grafana-server.service", "[Unit]\nDescription=Grafana\n\n[Service]\nWorkingDirectory=/usr/share/grafana\nExecStart=/usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/grafana/grafana.ini", "[server]\nhttp_addr = 127.0.0.1\n[dataproxy]\ntimeout = 300\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Equal(reported, output.Stdout.Contains("warning CL006", StringComparison.Ordinal));
    }
}
