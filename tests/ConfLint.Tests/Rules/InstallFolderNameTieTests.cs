using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001's ties for a TCP drift (precision round 33): the folder a service's program is installed in (the script its
/// ExecStart runs, Mail-in-a-Box's /usr/local/lib/mailinabox/start; a virtual environment's owner) holding a folder the
/// same server serves ties it as its working folder does, where that folder is the application's own (/opt, /usr/bin do
/// not tie); a location path or upstream named for the only back end of that name ties it (location ^~ /SOGo/ and
/// sogo.service; two back ends of the name do not); and a program ConfLint does not read that the configuration ties by
/// name to another proxy (netdata.service and /netdata/) is no candidate for what listens at this one's target.
/// </summary>
public class InstallFolderNameTieTests
{
    private static string Lint(TempTree tree, string select = "CL001")
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", select);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    private static TempTree StartScript(string folder, string served) => new TempTree()
        .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    server {{\n        listen 80;\n        location /admin/assets {{\n            alias {served};\n        }}\n        location /admin/ {{\n            proxy_pass http://127.0.0.1:10222/;\n        }}\n    }}\n}}\n")
        .Write($"{folder.TrimStart('/')}/start", "#!/bin/bash\nexec gunicorn -b 127.0.0.1:10223 -w 1 --timeout 630 wsgi:app\n")
        .Write("lib/systemd/system/app.service", $"[Service]\nType=idle\nExecStart={folder}/start\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");

    [Fact]
    public void The_folder_of_the_start_script_holding_a_served_folder_ties_the_back_end()
    {
        using var tree = StartScript("/usr/local/lib/app", "/usr/local/lib/app/vendor/assets");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:10222/: nothing on this host listens there (gunicorn in service 'app.service' listens on 127.0.0.1:10223)", output, StringComparison.Ordinal);
        Assert.Contains("help: Point proxy_pass at 127.0.0.1:10223 (gunicorn in service 'app.service': the server serves /usr/local/lib/app/vendor/assets, in /usr/local/lib/app, where /usr/local/lib/app/start is installed)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/opt", "/opt/vendor/assets")]
    [InlineData("/usr/local/bin", "/usr/local/bin/assets")]
    [InlineData("/usr/local/lib/app", "/usr/local/lib/other/assets")]
    public void A_shared_folder_or_another_applications_does_not(string folder, string served)
    {
        using var tree = StartScript(folder, served);
        var output = Lint(tree);
        Assert.Contains("info CL001", output, StringComparison.Ordinal);
        Assert.Contains("nothing in the configuration ties that back end to this front end", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
    }

    private static TempTree Venv(string gunicorn) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        root /srv/shop/public;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
        .Write("lib/systemd/system/shop.service", $"[Service]\nExecStart={gunicorn} --bind 127.0.0.1:8001 shop.wsgi:application\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");

    [Fact]
    public void The_folder_holding_the_programs_virtual_environment_ties_it()
    {
        using var tree = Venv("/srv/shop/venv/bin/gunicorn");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("the server serves /srv/shop/public, in /srv/shop, where /srv/shop/venv/bin/gunicorn is installed", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/bin/gunicorn")]
    [InlineData("/srv/venv/bin/gunicorn")]
    public void A_program_of_a_shared_folder_is_installed_in_none_of_its_own(string gunicorn)
    {
        using var tree = Venv(gunicorn);
        var output = Lint(tree);
        Assert.Contains("info CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
    }

    private const string SogoUnit = "[Service]\nType=forking\nUser=sogo\nExecStart=/usr/sbin/sogod -WOWorkersCount 3 -WOPidFile /run/sogo/sogo.pid\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string NetdataUnit = "[Service]\nType=simple\nExecStart=/opt/netdata/usr/sbin/netdata -P /run/netdata/netdata.pid -D\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Sogo(string netdataLocation, bool netdata = true)
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nsogo:x:105:109::/var/lib/sogo:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nsogo:x:109:\n")
            .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    server {{\n        listen 80;\n        location ^~ /SOGo/ {{\n            proxy_pass http://127.0.0.1:20000;\n        }}\n{netdataLocation}    }}\n}}\n")
            .Write("etc/sogo/sogo.conf", "{\n    WOPort = 127.0.0.1:20001;\n}\n")
            .Write("lib/systemd/system/sogo.service", SogoUnit);
        return netdata ? tree.Write("lib/systemd/system/netdata.service", NetdataUnit) : tree;
    }

    private const string NetdataLocation = "        location ~ /netdata/(?<ndpath>.*) {\n            proxy_pass http://127.0.0.1:19999/$ndpath$is_args$args;\n        }\n";

    [Fact]
    public void A_location_named_for_the_only_back_end_of_that_name_ties_it()
    {
        using var tree = Sogo(string.Empty, netdata: false);
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:20000: nothing on this host listens there (sogod in service 'sogo.service' listens on 127.0.0.1:20001", output, StringComparison.Ordinal);
        Assert.Contains("it is named 'sogo', as the path or upstream 'SOGo' the front end asks for is, and no other back end on this host is", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_tied_by_name_to_another_proxy_is_not_what_may_listen_here()
    {
        using var tree = Sogo(NetdataLocation);
        var output = Lint(tree);
        var sogo = output.Split('\n').Single(l => l.Contains("proxy_pass http://127.0.0.1:20000:", StringComparison.Ordinal) && l.Contains("CL001", StringComparison.Ordinal));
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:20000: nothing on this host listens there", sogo, StringComparison.Ordinal);
        Assert.DoesNotContain("netdata", sogo, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untied_program_still_may_listen_there()
    {
        // No /netdata/ location: netdata.service is tied to no proxy, and may be what listens at 20000 (the SOGo tie
        // still makes the drift an error, said without "nothing on this host").
        using var tree = Sogo(string.Empty);
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:20000: no back end ConfLint reads listens there", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_back_ends_of_the_name_leave_which_one_unknown()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location /wiki/ {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("lib/systemd/system/wiki.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8001 wiki.wsgi:application\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/wiki.conf", "[program:wiki]\ncommand=/usr/bin/gunicorn --bind 127.0.0.1:8002 wiki.wsgi:application\nautorestart=true\n");
        var output = Lint(tree);
        Assert.Contains("info CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void One_back_end_of_the_name_is_tied()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location /wiki/ {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("lib/systemd/system/wiki.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8001 wiki.wsgi:application\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("lib/systemd/system/blog.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8002 blog.wsgi:application\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("Point proxy_pass at 127.0.0.1:8001 (gunicorn in service 'wiki.service': it is named 'wiki'", output, StringComparison.Ordinal);
    }
}
