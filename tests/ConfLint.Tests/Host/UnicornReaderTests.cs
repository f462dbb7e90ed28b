using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Host;

/// <summary>unicorn read as it reads itself (bin/unicorn's options, Configurator's <c>listen</c>, <c>expand_addr</c>,
/// <c>timeout</c>, <c>working_directory</c>; http_server.rb's default listener): literal values only, anything computed
/// leaves the listeners unknown.</summary>
public sealed class UnicornReaderTests
{
    private static string Listeners(string execStart, string? config, params string[] lines)
    {
        using var tree = new TempTree().Service("app.service", execStart, lines.Prepend("WorkingDirectory=/srv/app").ToArray());
        if (config is not null)
        {
            tree.Write("srv/app/config/unicorn.rb", config);
        }

        return HostTrees.ServiceListeners(tree, timeout: true);
    }

    [Theory]
    // No listener anywhere: 0.0.0.0:8080; no -c, no configuration file read (unicorn looks for none by itself).
    [InlineData("/usr/bin/bundle exec unicorn -D", "listen '/srv/app/x.sock'\n", "0.0.0.0:8080 60s")]
    // The forms of expand_addr: a path, unix:PATH from the working folder, HOST:PORT, :PORT, *:PORT, a bare port, an integer,
    // an address without a port (80); several listens, keyword options after them.
    [InlineData("/srv/app/bin/unicorn -c config/unicorn.rb", "listen '/run/app/u.sock', :backlog => 64\nlisten 'unix:tmp/u.sock', backlog: 16\nlisten '127.0.0.1:9000'\nlisten ':9001'\nlisten '*:9002'\nlisten '9003'\nlisten 9004, :tcp_nopush => true\nlisten '10.0.0.5'\n",
        "unix:/run/app/u.sock, unix:/srv/app/tmp/u.sock, 127.0.0.1:9000, 0.0.0.0:9001, 0.0.0.0:9002, 0.0.0.0:9003, 0.0.0.0:9004, 10.0.0.5:80 60s")]
    // Local variables interpolated, working_directory moving a later unix: path, the timeout read.
    [InlineData("/usr/local/bin/unicorn -c /srv/app/config/unicorn.rb -E production", "app_dir = \"/srv/app\"\nshared_dir = \"#{app_dir}/shared\"\nworking_directory \"#{app_dir}/current\"\nlisten \"#{shared_dir}/u.sock\"\nlisten 'unix:tmp/v.sock'\ntimeout 120\n",
        "unix:/srv/app/shared/u.sock, unix:/srv/app/current/tmp/v.sock 120s")]
    // The command line's -l first, then the file's, then -o/-p's HOST:PORT; a cluster and an attached value.
    [InlineData("/usr/bin/bundle exec unicorn -Dc config/unicorn.rb -l127.0.0.1:7000 --listen=/run/a.sock -p 7001 -o 127.0.0.1", "listen '/run/b.sock'\ntimeout 30\n",
        "127.0.0.1:7000, unix:/run/a.sock, unix:/run/b.sock, 127.0.0.1:7001 30s")]
    // unicorn_rails is the same program.
    [InlineData("/usr/bin/bundle exec unicorn_rails -c config/unicorn.rb -E production -D", "listen 8081\n", "0.0.0.0:8081 60s")]
    // ENV lookups: a value the unit's environment gives, RACK_ENV as -E sets it.
    [InlineData("/usr/bin/bundle exec unicorn -c config/unicorn.rb -E staging", "listen \"/run/app-#{ENV['RACK_ENV']}.sock\"\nlisten ENV.fetch('PORT', '3000')\n", "unix:/run/app-staging.sock, 127.0.0.1:5000 60s", "Environment=PORT=127.0.0.1:5000")]
    public void Listeners_are_read_as_unicorn_reads_them(string execStart, string config, string expected, params string[] lines) =>
        Assert.Equal(expected, Listeners(execStart, config, lines));

    [Theory]
    // An ENV lookup the environment does not give: unknown, the default not assumed.
    [InlineData("listen ENV.fetch('UNICORN_SOCKET', '/run/app.sock')\n", " (unknown) 60s")]
    // A listen under a condition, in a hook (per-worker listeners), computed, or a relative path unicorn cannot bind.
    [InlineData("listen '/run/a.sock'\nlisten '/run/b.sock' if ENV['B']\n", "unix:/run/a.sock (unknown) 60s")]
    [InlineData("listen '/run/a.sock'\nafter_fork do |server, worker|\n  server.listen(\"127.0.0.1:#{9000 + worker.nr}\")\nend\n", "unix:/run/a.sock (unknown) 60s")]
    [InlineData("listen File.expand_path('tmp/u.sock', __dir__)\n", " (unknown) 60s")]
    [InlineData("listen 'tmp/u.sock'\n", " (unknown) 60s")]
    [InlineData("listeners ['/run/a.sock']\n", " (unknown) 60s")]
    // A computed timeout: no request limit known (the default is not assumed either).
    [InlineData("listen '/run/a.sock'\ntimeout ENV.fetch('TIMEOUT', 30).to_i + 5\n", "unix:/run/a.sock")]
    public void Anything_not_literal_is_unknown(string config, string expected) =>
        Assert.Equal(expected, Listeners("/usr/bin/bundle exec unicorn -c config/unicorn.rb", config));

    [Fact]
    public void A_configuration_file_outside_the_root_or_an_option_unicorn_refuses_is_unknown()
    {
        Assert.Equal(" (unknown)", Listeners("/usr/bin/bundle exec unicorn -c /etc/unicorn/app.rb", null));
        Assert.Equal(" (unknown)", Listeners("/usr/bin/bundle exec unicorn --bogus", null));
    }

    [Fact]
    public void Beside_inherited_sockets_the_configured_listeners_are_bound_but_not_the_default()
    {
        // http_server.rb's inherit_listeners!: the socket unit's sockets (the service's own, not among its listeners here),
        // then the configured listeners; 0.0.0.0:8080 only when there is neither.
        static TempTree Tree(string execStart) => new TempTree()
            .Service("app.service", execStart, "WorkingDirectory=/srv/app")
            .Write("etc/systemd/system/app.socket", "[Socket]\nListenStream=/run/app.sock\n\n[Install]\nWantedBy=sockets.target\n")
            .Write("srv/app/config/unicorn.rb", "listen '/run/b.sock'\n");
        using var bare = Tree("/usr/bin/bundle exec unicorn");
        Assert.Equal(string.Empty, HostTrees.ServiceListeners(bare));
        using var configured = Tree("/usr/bin/bundle exec unicorn -c config/unicorn.rb");
        Assert.Equal("unix:/run/b.sock", HostTrees.ServiceListeners(configured));
    }

    [Fact]
    public void The_address_forms_of_expand_addr()
    {
        Assert.Equal("[::1]:8080", UnicornReader.Address("[::1]:8080", null)!.Describe());
        Assert.Equal("[::1]:80", UnicornReader.Address("[::1]", null)!.Describe());
        Assert.Equal("unix:/srv/a/u.sock", UnicornReader.Address("unix:../a/u.sock", "/srv/b")!.Describe());
        Assert.Null(UnicornReader.Address("unix:u.sock", null));
        Assert.Null(UnicornReader.Address("tcp://127.0.0.1:80", null));
        Assert.Null(UnicornReader.Address("localhost", null));
    }

    [Fact]
    public void Keyword_options_of_a_call_are_read_apart_from_its_arguments()
    {
        var calls = RubyCalls.Read(new SourceText("unicorn.rb", "listen '/run/a.sock', :backlog => 64, umask: 0007\nlisten '/run/b.sock', :backlog => compute\nlisten :backlog => 1, '/x'\n"));
        Assert.Equal(["/run/a.sock"], calls[0].Arguments);
        Assert.Equal("64", calls[0].Options["backlog"]);
        Assert.Equal("0007", calls[0].Options["umask"]);
        Assert.Null(calls[1].Arguments);
        Assert.Null(calls[2].Arguments);
    }
}
