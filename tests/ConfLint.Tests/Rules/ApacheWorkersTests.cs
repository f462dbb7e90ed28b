using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Apache;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>The worker whose parameters an Apache front end uses (<see cref="ApacheWorkers"/>), as mod_proxy finds it:
/// defined by a ProxyPass line, a &lt;Proxy URL key=value&gt; line or a ProxySet, named by its URL without the socket,
/// chosen by the longest name that begins the request's URL.</summary>
public class ApacheWorkersTests
{
    private const string Handler = "<FilesMatch \\.php$>\n    SetHandler \"proxy:unix:/run/php/app.sock|fcgi://app/\"\n</FilesMatch>\n";

    /// <summary>The answer for <paramref name="key"/> of the front end whose target is <paramref name="target"/>, in an
    /// apache2.conf of <paramref name="conf"/>.</summary>
    private static ApacheWorkers.Answer Ask(string conf, string target, string key = "timeout")
    {
        using var tree = new TempTree().Write("etc/apache2/apache2.conf", conf);
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var host = HostModelBuilder.Build(workspace, ConfLintConfig.Empty);
        var frontEnd = Assert.Single(host.FrontEnds, f => f.Target.Text == target);
        return ApacheWorkers.Parameter(host, frontEnd, key);
    }

    [Fact]
    public void A_Proxy_section_line_sets_the_worker_a_socket_handler_uses()
    {
        var answer = Ask(Handler + "<Proxy \"fcgi://app/\" enablereuse=on timeout=60>\n</Proxy>\n", "proxy:unix:/run/php/app.sock|fcgi://app/");
        Assert.Null(answer.Unknown);
        Assert.Equal("60", answer.Setting?.Value);
        Assert.Equal("timeout=60", answer.Setting?.Token.Value);
        Assert.IsType<ApacheSection>(answer.Worker);
    }

    [Theory]
    // ProxySet inside the section, for the same worker named with its socket.
    [InlineData("<Proxy \"unix:/run/php/app.sock|fcgi://app/\">\n    ProxySet timeout=90\n</Proxy>\n", "90")]
    // The section's own parameters are set after the directives inside it (proxysection walks them first).
    [InlineData("<Proxy fcgi://app/ timeout=30>\n    ProxySet timeout=90\n</Proxy>\n", "30")]
    // Scheme and host are compared in lower case.
    [InlineData("<Proxy FCGI://App/ timeout=45>\n</Proxy>\n", "45")]
    // A later setting of the key replaces an earlier one.
    [InlineData("<Proxy fcgi://app/ timeout=30>\n</Proxy>\nProxySet fcgi://app/ timeout=120\n", "120")]
    public void ProxySet_and_section_lines_set_the_same_worker(string definitions, string expected)
    {
        var answer = Ask(Handler + definitions, "proxy:unix:/run/php/app.sock|fcgi://app/");
        Assert.Null(answer.Unknown);
        Assert.Equal(expected, answer.Setting?.Value);
    }

    [Fact]
    public void A_worker_for_another_address_changes_nothing()
    {
        var answer = Ask(Handler + "<Proxy http://127.0.0.1:9090/>\n    ProxySet timeout=5\n</Proxy>\nProxySet fcgi://other/ timeout=7\n", "proxy:unix:/run/php/app.sock|fcgi://app/");
        Assert.Equal(ApacheWorkers.Answer.NotSet, answer);
    }

    [Fact]
    public void A_ProxyPass_that_shares_an_earlier_worker_has_its_parameters_ignored()
    {
        // add_pass: "AH01146: Ignoring parameter 'timeout=5' for worker 'http://127.0.0.1:8080/' because of worker sharing".
        var answer = Ask("ProxyPass /a http://127.0.0.1:8080/\nProxyPass /c http://127.0.0.1:8080/c timeout=5\n", "http://127.0.0.1:8080/c");
        Assert.Null(answer.Unknown);
        Assert.Null(answer.Setting);
        Assert.Equal("ProxyPass", answer.Worker?.Signature.Split(' ')[0]);
        Assert.Equal("/a", ((ApacheDirective)answer.Worker!).Args[0]);
    }

    [Fact]
    public void A_ProxyPass_line_defines_its_own_worker()
    {
        var answer = Ask("ProxyPass /c http://127.0.0.1:8080/c timeout=5\n", "http://127.0.0.1:8080/c");
        Assert.Equal("5", answer.Setting?.Value);
        Assert.Same(answer.Setting?.Item, answer.Worker);
    }

    [Fact]
    public void A_Proxy_section_for_a_longer_URL_sets_the_worker_that_begins_it()
    {
        // proxysection looks its URL up as a request's (ap_proxy_get_worker_ex) and finds the ProxyPass's worker.
        var answer = Ask("ProxyPass / http://127.0.0.1:3000/ timeout=300\n<Proxy http://127.0.0.1:3000/api timeout=5>\n</Proxy>\n", "http://127.0.0.1:3000/");
        Assert.Null(answer.Unknown);
        Assert.Equal("5", answer.Setting?.Value);
        Assert.IsType<ApacheDirective>(answer.Worker);
    }

    [Fact]
    public void A_longer_worker_that_takes_some_of_the_requests_leaves_it_unknown()
    {
        var answer = Ask("<Proxy http://127.0.0.1:3000/api timeout=5>\n</Proxy>\nProxyPass / http://127.0.0.1:3000/ timeout=300\n", "http://127.0.0.1:3000/");
        Assert.Null(answer.Setting);
        Assert.Contains("worker 'http://127.0.0.1:3000/api' with timeout=5", answer.Unknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProxyPass /x http://127.0.0.1:3000/x timeout=400\n", null)]
    [InlineData("ProxyPass /grafana http://127.0.0.1:3000/grafana timeout=400\n", "400")]
    // The scheme's default port is left out of a worker's name.
    [InlineData("<Proxy http://127.0.0.1:3000/grafana/ timeout=200>\n</Proxy>\n", "200")]
    public void A_rewrite_rule_uses_the_worker_whose_name_begins_its_URL(string beside, string? expected)
    {
        var answer = Ask("RewriteEngine On\n" + beside + "RewriteRule ^/grafana/(.*)$ http://127.0.0.1:3000/grafana/$1 [P]\n", "http://127.0.0.1:3000/grafana/$1");
        Assert.Null(answer.Unknown);
        Assert.Equal(expected, answer.Setting?.Value);
    }

    [Fact]
    public void The_default_port_is_no_part_of_a_worker_name()
    {
        var answer = Ask("<Proxy http://127.0.0.1:80/ timeout=9>\n</Proxy>\nProxyPass / http://127.0.0.1/\n", "http://127.0.0.1/");
        Assert.Equal("9", answer.Setting?.Value);
    }

    [Fact]
    public void A_ProxyPassMatch_uses_the_worker_its_line_defines()
    {
        var answer = Ask("ProxyPass /status fcgi://127.0.0.1:9000/\nProxyPassMatch ^/(.*\\.php)$ fcgi://127.0.0.1:9000/var/www/$1 timeout=300\n", "fcgi://127.0.0.1:9000/var/www/$1");
        Assert.Null(answer.Unknown);
        Assert.Equal("300", answer.Setting?.Value);
    }

    [Fact]
    public void A_virtual_host_sees_the_main_servers_workers_first()
    {
        const string Conf = "<Proxy ajp://127.0.0.1:8009/ secret=main>\n</Proxy>\n<VirtualHost *:80>\n    ProxyPass / ajp://127.0.0.1:8009/ secret=vhost\n</VirtualHost>\n";
        Assert.Equal("main", Ask(Conf, "ajp://127.0.0.1:8009/", "secret").Setting?.Value);
        // Neither BalancerInherit nor ProxyPassInherit: the virtual host has only its own workers.
        var own = Ask("BalancerInherit Off\nProxyPassInherit Off\n" + Conf, "ajp://127.0.0.1:8009/", "secret");
        Assert.Equal("vhost", own.Setting?.Value);
    }

    [Fact]
    public void A_main_server_handler_is_unknown_where_a_virtual_host_gives_its_worker_another_value()
    {
        var answer = Ask(Handler + "<VirtualHost *:80>\n    <Proxy fcgi://app/ timeout=20>\n    </Proxy>\n</VirtualHost>\n", "proxy:unix:/run/php/app.sock|fcgi://app/");
        Assert.Null(answer.Setting);
        Assert.Contains("<VirtualHost *:80>", answer.Unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_literal_is_unknown()
    {
        var answer = Ask(Handler + "<Proxy fcgi://app/ timeout=${PHP_TIMEOUT}>\n</Proxy>\n", "proxy:unix:/run/php/app.sock|fcgi://app/");
        Assert.Contains("not defined", answer.Unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_balancer_is_not_read()
    {
        var answer = Ask("<Proxy balancer://app>\n    BalancerMember http://127.0.0.1:8080 timeout=5\n</Proxy>\nProxyPass / balancer://app/\n", "balancer://app/");
        Assert.NotNull(answer.Unknown);
    }

    [Theory]
    [InlineData("fcgi://h/var/www/a.php", "fcgi://h/var/www/$1", 0)]
    [InlineData("fcgi://h/var/www/", "fcgi://h/var/www/", 0)]
    [InlineData("fcgi://h/x", "fcgi://h/var/$1", 1)]
    [InlineData("fcgi://h/va", "fcgi://h/var/$1", -1)]
    [InlineData("http://h/a/b.php", "http://h/$1/b\\.php", 0)]
    public void Ematch_is_mod_proxys(string url, string name, int expected) => Assert.Equal(expected, ApacheWorkers.Ematch(url, name));
}
