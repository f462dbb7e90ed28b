using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL003 on puma's Unix sockets (round 26, a Rails ledger behind nginx): puma binds under the bind URL's
/// <c>?umask=</c> (0 without one: 0777) and chmods to <c>?mode=</c> after the bind (lib/puma/binder.rb,
/// add_unix_listener), and never chowns, so <c>unix:///run/ledger/puma.sock?umask=0077</c> under <c>User=ledger</c> is
/// ledger's alone and nginx's www-data gets (13: Permission denied), a 502. Both the command line's <c>-b</c> and
/// config/puma.rb's <c>bind</c> are read.</summary>
public class PumaSocketPermissionTests
{
    private static string Lint(string execStart, string? pumaRb = null, string group = "")
    {
        using var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nledger:x:997:997::/srv/ledger:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nledger:x:997:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n\tupstream ledger {\n\t\tserver unix:/run/ledger/puma.sock fail_timeout=0;\n\t}\n\tserver {\n\t\tlisten 80;\n\t\tserver_name ledger.example.org;\n\t\tlocation / {\n\t\t\tproxy_pass http://ledger;\n\t\t}\n\t}\n}\n")
            .Write("etc/systemd/system/ledger.service", $"[Service]\nType=notify\nUser=ledger\n{group}WorkingDirectory=/srv/ledger\nRuntimeDirectory=ledger\nExecStart={execStart}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("srv/ledger/config.ru", "run ->(env) { [200, {}, [\"ok\"]] }\n");
        if (pumaRb is not null)
        {
            tree.Write("srv/ledger/config/puma.rb", pumaRb);
        }

        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Theory]
    [InlineData("?umask=0077", "mode 0700 (umask=0077 of its bind URL: puma binds it under that umask", "umask=0007")]
    [InlineData("?mode=0600", "mode 0600 (mode=0600 of its bind URL: puma chmods the socket to it after binding", "mode=0660")]
    [InlineData("?backlog=512&umask=0077&low_latency=true", "mode 0700 (umask=0077", "umask=0007")]
    [InlineData("?umask=0o027&mode=600", "mode 0600 (umask=0o027&mode=600", "mode=0660")]
    public void A_socket_the_query_shuts_the_web_server_out_of_is_an_error_at_the_bind(string query, string expected, string advice)
    {
        var output = Lint("/usr/bin/bundle exec puma -b unix:///run/ledger/puma.sock" + query);
        Assert.Contains("ledger.service:6:40: error CL003 puma in service 'ledger.service' creates /run/ledger/puma.sock as ledger:ledger " + expected, output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither the owner nor in group 'ledger', and others may not write to it: connect() fails with (13: Permission denied) and a 502", output, StringComparison.Ordinal);
        Assert.Contains($"set Group=www-data in ledger.service and {advice} in the bind URL", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
        // The query does not hide the socket's path: nginx's target is puma's.
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bind_call_of_config_puma_rb_is_read_too()
    {
        var output = Lint("/usr/bin/bundle exec puma -e production", "environment 'production'\nbind \"unix:///run/ledger/puma.sock?umask=0077\"\nworkers 2\n");
        Assert.Contains("srv/ledger/config/puma.rb:2:1: error CL003 puma in service 'ledger.service' creates /run/ledger/puma.sock as ledger:ledger mode 0700", output, StringComparison.Ordinal);

        // The command line's binds replace the file's.
        var replaced = Lint("/usr/bin/bundle exec puma -b unix:///run/ledger/puma.sock", "bind \"unix:///run/ledger/puma.sock?umask=0077\"\n");
        Assert.DoesNotContain("CL003", replaced, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?backlog=1024&low_latency=false", "")]
    [InlineData("?umask=0007", "Group=www-data\n")]
    [InlineData("?mode=0660", "Group=www-data\n")]
    [InlineData("?umask=77", "")] // Ruby's Integer("77") is decimal: umask 0115, mode 0662, others may write
    [InlineData("?umask", "")] // a key without a value is nil, which puma passes over
    public void A_socket_the_web_server_may_write_is_no_finding(string query, string group)
    {
        var output = Lint("/usr/bin/bundle exec puma -b unix:///run/ledger/puma.sock" + query, group: group);
        Assert.DoesNotContain("CL003", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?umask=0089", "umask=0089 is not an integer ConfLint reads")]
    [InlineData("?umask=0077&umask=0007", "the bind's query gives umask twice")]
    public void A_value_puma_refuses_leaves_the_socket_unjudged(string query, string note)
    {
        var output = Lint("/usr/bin/bundle exec puma -b unix:///run/ledger/puma.sock" + query);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge /run/ledger/puma.sock of puma in service 'ledger.service': " + note, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0077", 63)]
    [InlineData("077", 63)]
    [InlineData("77", 77)]
    [InlineData("0o77", 63)]
    [InlineData("0x3f", 63)]
    [InlineData("0b111", 7)]
    [InlineData("0d77", 77)]
    [InlineData(" 0 ", 0)]
    [InlineData("00600", 384)]
    [InlineData("08", null)]
    [InlineData("-1", null)]
    [InlineData("", null)]
    [InlineData("0x", null)]
    public void Integers_are_read_as_rubys_Integer_reads_them(string text, int? expected) =>
        Assert.Equal(expected, PumaSocketMode.RubyInteger(text));
}
