using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A socket path written relative (the Flask tutorials' <c>--bind unix:myproject.sock</c>, uwsgi's
/// <c>socket = myproject.sock</c>) is the folder the server binds from: its working folder, gunicorn's <c>--chdir</c>,
/// uwsgi's <c>chdir</c>. It was read as <c>/myproject.sock</c> (and uwsgi's as the host <c>myproject.sock</c>), so
/// CL001 reported the working site and its "safe" fix broke it.</summary>
public class RelativeSocketTests
{
    private static string Listeners(TempTree tree) => HostTrees.ServiceListeners(tree);

    [Theory]
    [InlineData("WorkingDirectory=/home/sammy/myproject\n", "gunicorn --workers 3 --bind unix:myproject.sock -m 007 wsgi:app", "unix:/home/sammy/myproject/myproject.sock")]
    [InlineData("WorkingDirectory=/home/sammy/myproject\n", "gunicorn --bind unix://run/app.sock wsgi:app", "unix:/home/sammy/myproject/run/app.sock")]
    [InlineData("WorkingDirectory=/home/sammy/myproject\n", "gunicorn --bind unix:///run/app.sock wsgi:app", "unix:/run/app.sock")]
    [InlineData("WorkingDirectory=/home/sammy\n", "gunicorn --chdir myproject --bind unix:myproject.sock wsgi:app", "unix:/home/sammy/myproject/myproject.sock")]
    [InlineData("", "gunicorn --bind unix:app.sock wsgi:app", "unix:/app.sock")] // systemd's default working folder is /
    [InlineData("WorkingDirectory=/home/sammy/myproject\n", "uwsgi --ini myproject.ini", "unix:/home/sammy/myproject/myproject.sock")]
    [InlineData("WorkingDirectory=/home/sammy/myproject\n", "uwsgi --socket 127.0.0.1:3031 --module wsgi:app", "127.0.0.1:3031")]
    public void A_relative_socket_is_in_the_folder_the_server_binds_from(string workingDirectory, string command, string expected)
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/myproject.service", $"[Service]\nUser=sammy\nGroup=www-data\n{workingDirectory}ExecStart=/home/sammy/myproject/venv/bin/{command}\nRestart=always\n")
            .Write("home/sammy/myproject/myproject.ini", "[uwsgi]\nmodule = wsgi:app\nmaster = true\nprocesses = 5\nsocket = myproject.sock\nchmod-socket = 660\nvacuum = true\n");
        Assert.Equal(expected, Listeners(tree));
    }

    [Fact]
    public void Uwsgis_chdir_is_where_its_relative_socket_is()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\nRestart=always\n")
            .Write("etc/uwsgi/app.ini", "[uwsgi]\nchdir = /srv/app\nmodule = wsgi:app\nsocket = run/app.sock\n");
        Assert.Equal("unix:/srv/app/run/app.sock", Listeners(tree));
    }

    [Fact]
    public void The_tutorials_working_site_is_no_finding()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/myproject", "server {\n    listen 80;\n    server_name myproject.example.com;\n    location / {\n        include proxy_params;\n        proxy_pass http://unix:/home/sammy/myproject/myproject.sock;\n    }\n}\n")
            .Write("etc/nginx/proxy_params", "proxy_set_header Host $http_host;\n")
            .Write("etc/systemd/system/myproject.service", "[Service]\nUser=sammy\nGroup=www-data\nWorkingDirectory=/home/sammy/myproject\nExecStart=/home/sammy/myproject/myprojectenv/bin/gunicorn --workers 3 --bind unix:myproject.sock -m 007 wsgi:app\nRestart=always\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(0, lint.ExitCode);
        Assert.DoesNotContain("CL001", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Debians_php_fpm_sock_link_is_no_listener_of_a_pool_on_tcp()
    {
        static TempTree Tree(string listen) => new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", $"[www]\nuser = www-data\ngroup = www-data\nlisten = {listen}\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nExecStartPost=-/usr/lib/php/php-fpm-socket-helper install /run/php/php-fpm.sock /etc/php/8.2/fpm/pool.d/www.conf 82\n");

        using var socket = Tree("/run/php/php8.2-fpm.sock");
        var pool = Assert.Single(HostTrees.Model(socket).BackEndsOf<FpmPool>());
        Assert.Contains(pool.Listeners, l => l.Endpoint.Path == "/run/php/php-fpm.sock");

        using var tcp = Tree("127.0.0.1:9000");
        pool = Assert.Single(HostTrees.Model(tcp).BackEndsOf<FpmPool>());
        Assert.DoesNotContain(pool.Listeners, l => l.Endpoint.Path == "/run/php/php-fpm.sock");
    }
}
