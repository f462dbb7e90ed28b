using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// uwsgi's config logic and bare ini keys (precision round 36, Healthchecks on Debian). uWSGI 2.0 hands each option
/// inside <c>if-env</c> ... <c>endif</c> (and the other logic blocks) to the condition, which adds it or drops it
/// (core/config.c, add_exported_option, uwsgi_logic_opt_if_env: true where getenv() is not NULL, the empty string too);
/// a line without <c>=</c> is the option with an empty value (core/ini.c, ini_get_key), and an empty or malformed
/// <c>chmod-socket</c> makes uwsgi log "invalid chmod value" and exit 1 (core/uwsgi.c, uwsgi_opt_chmod_socket). All
/// checked with uWSGI 2.0.21 --show-config.
/// </summary>
public class UwsgiConfigLogicTests
{
    private const string Nginx = """
        user www-data;
        events {}
        http {
            server {
                listen 80;
                location / { include uwsgi_params; uwsgi_pass unix:/run/hc/uwsgi.sock; }
                location /probe/ { proxy_pass http://127.0.0.1:8000; }
            }
        }
        """;

    private const string Unit = "[Service]\nExecStart=/opt/hc/venv/bin/uwsgi --ini /etc/hc/uwsgi.ini\nUser=hc\nGroup=www-data\nRuntimeDirectory=hc\nEnvironmentFile=/etc/hc/hc.env\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Ini = "[uwsgi]\nmaster = true\nsocket = /run/hc/uwsgi.sock\nchmod-socket = 660\nhttp-socket = 127.0.0.1:8000\nharakiri = 10\nif-env = HC_SLOW_EXPORTS\nharakiri = 120\nendif =\n";

    private static TempTree Tree(string ini = Ini, string env = "DEBUG=False\n", string unit = Unit) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx)
            .Write("etc/systemd/system/hc.service", unit)
            .Write("etc/hc/uwsgi.ini", ini)
            .Write("etc/hc/hc.env", env)
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nhc:x:996:996:hc:/opt/hc:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nhc:x:996:\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void Harakiri_inside_if_env_of_an_unset_variable_is_not_set()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.DoesNotContain("CL006", output.Replace("CL006 leaves", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("(harakiri)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HC_SLOW_EXPORTS=1\n")]
    [InlineData("HC_SLOW_EXPORTS=\n")]
    public void Harakiri_inside_if_env_of_a_set_variable_is_set_even_when_empty(string env)
    {
        using var tree = Tree(env: "DEBUG=False\n" + env);
        Assert.Contains("warning CL006 [*] uwsgi_read_timeout is nginx's default of 1m for uwsgi_pass unix:/run/hc/uwsgi.sock, but uwsgi in service 'hc.service' lets a request run for 2m (harakiri)", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Harakiri_inside_if_env_of_a_variable_not_known_is_not_known_and_noted()
    {
        // EnvironmentFile=-/etc/hc/extra.env, which the root lacks: the unit's environment is not known whole.
        using var tree = Tree(unit: Unit.Replace("EnvironmentFile=/etc/hc/hc.env\n", "EnvironmentFile=/etc/hc/hc.env\nEnvironmentFile=-/etc/hc/extra.env\n", StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.DoesNotContain("warning CL006", output, StringComparison.Ordinal);
        Assert.Contains("CL006 does not know how long uwsgi in service 'hc.service' lets a request run: harakiri = 120 (etc/hc/uwsgi.ini:8) may or may not be set: it is inside the block if-env = HC_SLOW_EXPORTS (etc/hc/uwsgi.ini:7), and whether HC_SLOW_EXPORTS is in the process's environment is not known", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_around_an_unrelated_option_leaves_harakiri_as_written()
    {
        var ini = "[uwsgi]\nsocket = /run/hc/uwsgi.sock\nchmod-socket = 660\nharakiri = 120\nif-env = HC_SLOW_EXPORTS\nbuffer-size = 65535\nendif =\n";
        using var tree = Tree(ini);
        Assert.Contains("etc/nginx/nginx.conf:6:", Lint(tree).Split('\n').First(l => l.Contains("warning CL006", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_the_first_endif_of_a_nested_one_closes_leaves_what_follows_unconditional()
    {
        // Inside a block whose condition fails, the inner if-env is dropped and its endif ends the outer block.
        var ini = "[uwsgi]\nsocket = /run/hc/uwsgi.sock\nchmod-socket = 660\nif-env = HC_OUTER\nif-env = HC_INNER\nharakiri = 5\nendif =\nharakiri = 120\nendif =\n";
        using var tree = Tree(ini);
        Assert.Contains("lets a request run for 2m (harakiri)", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_endif_without_a_value_on_the_command_line_closes_the_block()
    {
        // --endif takes an optional argument: bare, it still ends the block, and the --harakiri after it is unconditional.
        var unit = Unit.Replace("--ini /etc/hc/uwsgi.ini", "--ini /etc/hc/uwsgi.ini --if-env HC_X --buffer-size 65535 --endif --harakiri 120", StringComparison.Ordinal);
        using var tree = Tree(unit: unit);
        Assert.Contains("lets a request run for 2m (harakiri)", Lint(tree), StringComparison.Ordinal);
    }

    private const string Listeners = "[uwsgi]\nsocket = /run/hc/uwsgi.sock\nchmod-socket = 660\nif-not-env = LISTEN_IPV6\nhttp-socket = 127.0.0.1:8000\nendif =\nif-env = LISTEN_IPV6\nhttp-socket = [::1]:8000\nendif =\n";

    [Fact]
    public void An_http_socket_chosen_by_if_env_binds_only_ipv6_and_proxy_pass_to_127_0_0_1_is_refused()
    {
        using var tree = Tree(Listeners, env: "LISTEN_IPV6=True\n");
        var output = Lint(tree);
        Assert.Contains("etc/nginx/nginx.conf:7:", output, StringComparison.Ordinal);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8000: nothing on this host listens there (uwsgi in service 'hc.service' listens on [::1]:8000, http-socket in etc/hc/uwsgi.ini:8)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_listeners_without_the_variable_bind_127_0_0_1_and_are_silent()
    {
        using var tree = Tree(Listeners);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_listeners_with_the_variable_not_known_are_silent_and_noted()
    {
        using var tree = Tree(Listeners, unit: Unit.Replace("RuntimeDirectory=hc\n", "RuntimeDirectory=hc\nPassEnvironment=LISTEN_IPV6\n", StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("may or may not be set: it is inside the block if-not-env = LISTEN_IPV6 (etc/hc/uwsgi.ini:4), and whether LISTEN_IPV6 is in the process's environment is not known", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("etc/hc/ipv6", true)]
    [InlineData("etc/hc/absent", false)]
    public void If_exists_is_tested_against_the_root_where_it_shows_the_file(string path, bool known)
    {
        var ini = $"[uwsgi]\nsocket = /run/hc/uwsgi.sock\nchmod-socket = 660\nif-exists = /{path}\nhttp-socket = [::1]:8000\nendif =\nif-not-exists = /{path}\nhttp-socket = 127.0.0.1:8000\nendif =\n";
        using var tree = Tree(ini).Write("etc/hc/ipv6", "1\n");
        var output = Lint(tree);
        if (known)
        {
            Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8000: nothing on this host listens there", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
            Assert.Contains($"the root does not show whether /{path} exists when uwsgi starts", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("chmod-socket\n", "etc/hc/uwsgi.ini:4:13: error CL003 uwsgi in service 'hc.service' does not start: chmod-socket (no value) at etc/hc/uwsgi.ini:4:13 is no mode uwsgi takes: uwsgi takes 1 or three octal digits, logs 'invalid chmod value: ' and exits with status 1")]
    [InlineData("chmod-socket =\n", "error CL003 uwsgi in service 'hc.service' does not start: chmod-socket (no value) at etc/hc/uwsgi.ini:4:15")]
    [InlineData("chmod-socket = 0660\n", "error CL003 uwsgi in service 'hc.service' does not start: chmod-socket = 0660 at etc/hc/uwsgi.ini:4:16 is no mode uwsgi takes: uwsgi takes 1 or three octal digits, logs 'invalid chmod value: 0660' and exits with status 1")]
    public void A_chmod_socket_uwsgi_does_not_take_makes_it_exit_at_start(string line, string expected)
    {
        using var tree = Tree("[uwsgi]\nmaster\nsocket = /run/hc/uwsgi.sock\n" + line);
        var output = Lint(tree);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("no chmod-socket", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chmod-socket = 660\n")]
    [InlineData("chmod-socket = 1\nchmod-socket = 660\n")]
    public void A_chmod_socket_uwsgi_takes_is_no_start_failure(string line)
    {
        using var tree = Tree("[uwsgi]\nmaster\nsocket = /run/hc/uwsgi.sock\n" + line);
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
    }
}
