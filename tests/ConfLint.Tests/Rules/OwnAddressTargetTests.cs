using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Round 26, Proxmox: an upstream written as the host's own address (<c>server 192.168.10.11:8000;</c>, the
/// address /etc/network/interfaces gives the host) was taken as another host's and left unjudged, while the same address
/// reached through its /etc/hosts name was judged. A connection to one of the host's own addresses stays on the host:
/// both are judged alike.</summary>
public class OwnAddressTargetTests
{
    private static (string Stdout, string Stderr) Lint(string server, string? interfaces = "auto vmbr0\niface vmbr0 inet static\n\taddress 192.168.10.11/24\n\tgateway 192.168.10.1\n\tbridge-ports eno1\n", string hostname = "pve1", string gunicornBind = "0.0.0.0:8001")
    {
        using var tree = new TempTree()
            .Write("etc/hosts", "127.0.0.1 localhost\n192.168.10.11 pve1.example.lan pve1\n")
            .Write("etc/hostname", hostname + "\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/myapp", $"upstream myapp {{\n    server {server};\n}}\nserver {{\n    listen 80;\n    server_name myapp.example.net;\n    location / {{\n        proxy_pass http://myapp;\n    }}\n}}\n")
            .Write("etc/systemd/system/myapp.service", $"[Service]\nUser=www-data\nWorkingDirectory=/opt/myapp\nExecStart=/opt/myapp/venv/bin/gunicorn --bind {gunicornBind} app:app\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        if (interfaces is not null)
        {
            tree.Write("etc/network/interfaces", "auto lo\niface lo inet loopback\n\n" + interfaces);
        }

        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return (lint.Stdout, lint.Stderr);
    }

    [Theory]
    [InlineData("192.168.10.11:8000", "192.168.10.11 is this host's own address")]
    [InlineData("pve1.example.lan:8000", "/etc/hosts gives pve1.example.lan as 192.168.10.11, this host's own address")]
    public void A_target_at_the_hosts_own_address_is_judged_whether_written_as_the_address_or_its_name(string server, string resolution)
    {
        var (output, _) = Lint(server);
        Assert.Contains("error CL001 [*] proxy_pass http://myapp reaches 192.168.10.11:8000: nothing on this host listens there (" + resolution, output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at 127.0.0.1:8001 (gunicorn in service 'myapp.service': 'myapp' names it)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_address_is_the_hosts_by_its_interfaces_file_alone()
    {
        // No /etc/hostname line gives it: the interfaces file says it is the host's.
        var (output, _) = Lint("192.168.10.11:8000", hostname: "other");
        Assert.Contains("reaches 192.168.10.11:8000: nothing on this host listens there (192.168.10.11 is this host's own address: /etc/network/interfaces", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_own_address_where_the_back_end_listens_is_no_finding()
    {
        var (atWildcard, _) = Lint("192.168.10.11:8001");
        Assert.DoesNotContain("CL001", atWildcard, StringComparison.Ordinal);
        var (atAddress, _) = Lint("192.168.10.11:8001", gunicornBind: "192.168.10.11:8001");
        Assert.DoesNotContain("CL001", atAddress, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_the_root_does_not_give_the_host_stays_another_hosts()
    {
        var (output, notes) = Lint("192.168.10.12:8000");
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("CL001 did not judge 192.168.10.12:8000: 192.168.10.12 is taken as another host's", output + notes, StringComparison.Ordinal);

        // Without the interfaces file and with /etc/hostname naming no line of /etc/hosts, nothing says 192.168.10.11 is the host's.
        var (unknown, unknownNotes) = Lint("192.168.10.11:8000", interfaces: null, hostname: "other");
        Assert.DoesNotContain("error CL001", unknown, StringComparison.Ordinal);
        Assert.Contains("192.168.10.11 is taken as another host's", unknown + unknownNotes, StringComparison.Ordinal);
    }
}
