using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Host;

/// <summary>puma started through pumactl (puma's lib/puma/control_cli.rb): <c>pumactl [-F FILE] start</c> is puma with
/// <c>-C FILE</c> (config/puma/ENV.rb or config/puma.rb of the working folder without -F); pumactl's other commands are
/// no server. And puma.rb's local variables: assigned once, at the top level, from a literal, they are read.</summary>
public class PumactlTests
{
    /// <summary>A unit running <paramref name="command"/> in /srv/app, with config/puma.rb and config/puma/production.rb.</summary>
    private static TempTree Tree(string command, string environment = "") => new TempTree()
        .Service("app.service", command, "WorkingDirectory=/srv/app", environment)
        .Write("srv/app/config/puma.rb", "bind 'unix:///srv/app/tmp/sockets/puma.sock'\n")
        .Write("srv/app/config/puma/production.rb", "port 3001, '127.0.0.1'\n")
        .Write("srv/app/other.rb", "port 4000\n");

    /// <summary>The binds of the service's puma, or null when the command runs no server ConfLint reads.</summary>
    private static string? Binds(TempTree tree)
    {
        var service = HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().SingleOrDefault(s => s.UnitName == "app.service");
        return service?.Server is not { } server ? null : (server.BindsUnknown ? "unknown" : string.Join(", ", server.Binds.Select(b => b.Endpoint.Describe())));
    }

    [Theory]
    [InlineData("/srv/app/bin/bundle exec pumactl -F config/puma.rb start", "", "unix:/srv/app/tmp/sockets/puma.sock")]
    [InlineData("/usr/bin/pumactl -F /srv/app/other.rb start", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/pumactl --config-file=other.rb start", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/pumactl --config other.rb start", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/pumactl -Fother.rb start", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/pumactl start -F other.rb", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/pumactl -Q -p 1234 -C tcp://127.0.0.1:9293 -T secret -F other.rb start", "", "0.0.0.0:4000")]
    [InlineData("/usr/bin/bundle exec pumactl start", "", "unix:/srv/app/tmp/sockets/puma.sock")]
    [InlineData("/usr/bin/bundle exec pumactl start", "Environment=RAILS_ENV=production", "127.0.0.1:3001")]
    [InlineData("/usr/bin/bundle exec pumactl -e production start", "", "127.0.0.1:3001")]
    [InlineData("/usr/bin/pumactl -F - start", "", "0.0.0.0:9292")]
    public void Pumactl_start_is_puma_with_its_file(string command, string environment, string expected)
    {
        using var tree = Tree(command, environment);
        Assert.Equal(expected, Binds(tree));
    }

    [Theory]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb restart")]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb stop")]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb phased-restart")]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb status")]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb serve")]
    [InlineData("/usr/bin/bundle exec pumactl -F config/puma.rb")]
    [InlineData("/usr/bin/bundle exec pumactl --frobnicate start")]
    [InlineData("/usr/bin/bundle exec pumactl --help start")]
    public void Other_pumactl_commands_and_refused_options_run_no_server(string command)
    {
        using var tree = Tree(command);
        Assert.Null(Binds(tree));
    }

    [Fact]
    public void A_bind_built_from_a_local_variable_is_read()
    {
        using var tree = Tree("/srv/app/bin/bundle exec pumactl -F config/puma.rb start")
            .Write("srv/app/config/puma.rb", "app_root = '/srv/app'\n\ndirectory app_root\nbind \"unix://#{app_root}/tmp/sockets/redmine.sock\"\n");
        Assert.Equal("unix:/srv/app/tmp/sockets/redmine.sock", Binds(tree));
    }

    private static IReadOnlyList<string>? ArgumentsOf(string file, string name) =>
        RubyCalls.Read(new SourceText("puma.rb", file)).Single(c => c.Name == name).Arguments;

    [Theory]
    [InlineData("root = '/srv/a'\nbind \"unix://#{root}/s.sock\"\n", "unix:///srv/a/s.sock")]
    [InlineData("root = \"/srv/a\"\nbind \"unix://#{ root }/s.sock\"\n", "unix:///srv/a/s.sock")]
    [InlineData("root = '/srv/a'.freeze\nsock = \"#{root}/tmp/s.sock\"\nbind \"unix://#{sock}\"\n", "unix:///srv/a/tmp/s.sock")]
    [InlineData("url = 'tcp://127.0.0.1:3000'\nbind url\n", "tcp://127.0.0.1:3000")]
    [InlineData("url = 'tcp://127.0.0.1:3000'\nbind(url)\n", "tcp://127.0.0.1:3000")]
    [InlineData("root = '/srv/a'\nbind 'unix://#{root}/s.sock'\n", "unix://#{root}/s.sock")]
    public void A_local_variable_assigned_once_from_a_literal_is_substituted(string file, string expected)
    {
        Assert.Equal([expected], ArgumentsOf(file, "bind"));
    }

    [Fact]
    public void An_integer_variable_is_an_integer()
    {
        Assert.Equal(["3000", "127.0.0.1"], ArgumentsOf("n = 3_000\nhost = '127.0.0.1'\nport n, host\n", "port"));
    }

    [Theory]
    [InlineData("bind \"unix://#{root}/s.sock\"\nroot = '/srv/a'\n")]
    [InlineData("root = '/srv/a'\nroot = '/srv/b'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nroot ||= '/srv/b'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nroot += '/b'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nif ENV['X']\n  root = '/srv/b'\nend\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("if ENV['X']\n  root = '/srv/a'\nend\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a' if ENV['X']\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("before_fork do\n  root = '/srv/a'\nend\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = File.expand_path('..', __dir__)\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = ENV.fetch('ROOT', '/srv/a')\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/' + 'a'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = \"/srv/#{name}\"\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nroot << '/b'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nroot.sub!('a', 'b')\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nother, root = 'x', 'y'\nbind \"unix://#{root}/s.sock\"\n")]
    [InlineData("root = '/srv/a'\nbind \"unix://#{root}#{elsewhere}/s.sock\"\n")]
    public void A_variable_reassigned_conditional_used_before_or_not_literal_stays_unknown(string file)
    {
        Assert.Null(ArgumentsOf(file, "bind"));
    }

    [Fact]
    public void An_assignment_is_no_call()
    {
        Assert.DoesNotContain(RubyCalls.Read(new SourceText("puma.rb", "port = 3000\nbind 'tcp://0.0.0.0:1'\n")), c => c.Name == "port");
    }
}
