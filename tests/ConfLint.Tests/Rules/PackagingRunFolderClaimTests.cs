using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 at a stale socket path in a packaging's own run folder (precision round 40, the Modoboa probe): nginx still
/// points at the RPM layout's <c>/run/uwsgi/modoboa_instance.sock</c> while Debian's uwsgi init script runs the
/// application at <c>/run/uwsgi/app/modoboa_instance/socket</c>. /run/uwsgi is the folder Debian's init script makes for
/// its applications, so a program ConfLint does not read (rspamd, whose own file is not in the root) has no claim on a
/// path there unless its own words name it: the finding stays an error, as where no such program runs. Where the
/// program's settings do name the folder, it may be what binds there, and the finding stays info.
/// </summary>
public class PackagingRunFolderClaimTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    upstream modoboa {\n        server unix:/run/uwsgi/modoboa_instance.sock fail_timeout=0;\n    }\n    server {\n        listen 80;\n        location /api {\n            include uwsgi_params;\n            uwsgi_pass modoboa;\n        }\n    }\n}\n";

    private const string Stale = "nginx.conf:5:16: error CL001 [*] uwsgi_pass modoboa reaches /run/uwsgi/modoboa_instance.sock: nothing on this host listens there (uwsgi application 'modoboa_instance' of Debian's uwsgi init script";

    private static TempTree Tree(string? unread)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/uwsgi/apps-enabled/modoboa_instance.ini", "[uwsgi]\nuid = modoboa\ngid = modoboa\nplugins = python3\nmaster = true\n")
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nmodoboa:x:998:998::/srv/modoboa:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:www-data\n");
        if (unread is not null)
        {
            tree.Write("lib/systemd/system/rspamd.service", $"[Service]\nExecStart={unread}\nUser=_rspamd\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/rspamd.service", "/lib/systemd/system/rspamd.service");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_stale_path_with_no_unread_program_is_an_error()
    {
        using var tree = Tree(null);
        Assert.Contains(Stale, Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unread_program_has_no_claim_on_the_init_scripts_run_folder()
    {
        // rspamd reads /etc/rspamd/rspamd.conf, not in the root; nothing of it names /run/uwsgi.
        using var tree = Tree("/usr/bin/rspamd -c /etc/rspamd/rspamd.conf -f");
        var output = Lint(tree);
        Assert.Contains(Stale, output, StringComparison.Ordinal);
        Assert.DoesNotContain("info CL001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unread_program_naming_the_folder_may_bind_there()
    {
        using var tree = Tree("/opt/relay/bin/relay -c /etc/relay/relay.conf --socket-dir /run/uwsgi");
        var output = Lint(tree);
        Assert.Contains("info CL001 uwsgi_pass modoboa reaches /run/uwsgi/modoboa_instance.sock: no back end ConfLint reads listens there, and service 'rspamd.service' runs a program ConfLint does not read, whose file /etc/relay/relay.conf is not in the root: it may be what listens there", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
    }
}
