using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL006 at one nginx timeout several locations inherit (precision round 40, the Modoboa probe: an http-level
/// <c>uwsgi_read_timeout 120s</c> for the autoconfig site's and the mail site's <c>uwsgi_pass</c>, against
/// <c>harakiri = 300</c>): one finding at the directive, whose related lines name every location it cuts short, with
/// one fix.
/// </summary>
public class InheritedTimeoutLocationsTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    uwsgi_read_timeout 120s;\n    upstream modoboa {\n        server unix:/run/uwsgi/app/modoboa_instance/socket fail_timeout=0;\n    }\n    server {\n        listen 80;\n        server_name autoconfig.example.com;\n        location / {\n            include uwsgi_params;\n            uwsgi_pass modoboa;\n        }\n    }\n    server {\n        listen 80;\n        server_name mail.example.com;\n        location /api {\n            include uwsgi_params;\n            uwsgi_pass modoboa;\n        }\n    }\n}\n";

    [Fact]
    public void Every_location_inheriting_the_timeout_is_named()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/uwsgi/apps-enabled/modoboa_instance.ini", "[uwsgi]\nuid = modoboa\ngid = modoboa\nmaster = true\nharakiri = 300\n")
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nmodoboa:x:998:998::/srv/modoboa:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        var output = lint.Stdout + lint.Stderr;
        Assert.Contains("nginx.conf:4:24: warning CL006 [*] uwsgi_read_timeout 2m for uwsgi_pass modoboa", output, StringComparison.Ordinal);
        Assert.Contains("nginx.conf:13:13: uwsgi_pass waits at most 2m for a response", output, StringComparison.Ordinal);
        Assert.Contains("nginx.conf:21:13: uwsgi_pass waits at most 2m for a response", output, StringComparison.Ordinal);
        Assert.Contains("modoboa_instance.ini:5:12: the back end lets a request run for 5m here", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains("warning CL006", StringComparison.Ordinal));
        Assert.Contains("Raise uwsgi_read_timeout to 305s", output, StringComparison.Ordinal);
    }
}
