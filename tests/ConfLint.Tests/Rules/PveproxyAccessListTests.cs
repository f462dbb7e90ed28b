using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Round 27, Proxmox: CL016 judges pveproxy's host access list (<c>ALLOW_FROM</c>, <c>DENY_FROM</c>, <c>POLICY</c>
/// of /etc/default/pveproxy) against the address nginx connects from, as pve-http-server's <c>check_host_access</c> does
/// when it accepts the connection; its fix adds the proxy's address to <c>ALLOW_FROM</c> where that is the one outcome that
/// lets it in.</summary>
public class PveproxyAccessListTests
{
    private const string Unit = "[Unit]\nDescription=PVE API Proxy Server\n\n[Service]\nExecStart=/usr/bin/pveproxy start\nExecStop=/usr/bin/pveproxy stop\nPIDFile=/run/pveproxy/pveproxy.pid\nType=forking\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string? defaults, string pass = "https://127.0.0.1:8006", string extra = "", string hosts = "127.0.0.1 localhost\n")
    {
        var tree = new TempTree()
            .Write("etc/hosts", hosts)
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/proxmox.conf", $"server {{\n    listen 80;\n    server_name pve.example.net;\n    location / {{\n{extra}        proxy_pass {pass};\n    }}\n}}\n")
            .Write("lib/systemd/system/pveproxy.service", Unit);
        if (defaults is not null)
        {
            tree.Write("etc/default/pveproxy", defaults);
        }

        return tree;
    }

    private static (string Stdout, string Stderr) Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL016,CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return (lint.Stdout, lint.Stderr);
    }

    private static JsonElement Finding(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL016", "--format", "json");
        using var json = JsonDocument.Parse(lint.Stdout);
        return Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList()).Clone();
    }

    [Fact]
    public void Deny_from_all_shuts_out_a_proxy_allow_from_does_not_admit_and_the_safe_fix_adds_it()
    {
        using var tree = Tree("ALLOW_FROM=\"192.168.10.0/24\"\nDENY_FROM=\"all\"\nPOLICY=\"allow\"\n");
        var (output, _) = Lint(tree);
        Assert.Contains("etc/default/pveproxy:1:12: error CL016 [*] pveproxy's access list shuts the proxy out (ALLOW_FROM=\"192.168.10.0/24\", DENY_FROM=\"all\", POLICY=\"allow\" in etc/default/pveproxy): proxy_pass at etc/nginx/conf.d/proxmox.conf:5 connects to 127.0.0.1:8006 from 127.0.0.1: it matches DENY_FROM only", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);

        var fix = Finding(tree).GetProperty("fix");
        Assert.Equal("safe", fix.GetProperty("applicability").GetString());
        var edit = Assert.Single(fix.GetProperty("edits").EnumerateArray().ToList());
        Assert.Equal(1, edit.GetProperty("line").GetInt32());
        Assert.Equal(12, edit.GetProperty("column").GetInt32());

        var applied = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL016");
        Assert.True(applied.ExitCode is 0 or 1, applied.Stderr);
        Assert.Equal("ALLOW_FROM=\"192.168.10.0/24,127.0.0.1\"\nDENY_FROM=\"all\"\nPOLICY=\"allow\"\n", tree.Read("etc/default/pveproxy"));
        Assert.DoesNotContain("CL016", Lint(tree).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALLOW_FROM=\"192.168.10.0/24,127.0.0.0/8\"\nDENY_FROM=\"all\"\n")]
    [InlineData("ALLOW_FROM=\"127.0.0.1\"\nPOLICY=\"deny\"\n")]
    [InlineData("DENY_FROM=\"10.0.0.0/8\"\n")]
    [InlineData(null)]
    public void A_list_that_admits_the_proxys_address_is_no_finding(string? defaults)
    {
        using var tree = Tree(defaults);
        var (output, notes) = Lint(tree);
        Assert.DoesNotContain("CL016", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL016", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_deny_with_nothing_allowed_refuses_the_proxy_and_the_fix_writes_allow_from()
    {
        using var tree = Tree("# nothing unless listed\nPOLICY=\"deny\"\n");
        var (output, _) = Lint(tree);
        Assert.Contains("etc/default/pveproxy:2:8: error CL016 [*] pveproxy's access list shuts the proxy out (ALLOW_FROM unset, DENY_FROM unset, POLICY=\"deny\" in etc/default/pveproxy)", output, StringComparison.Ordinal);
        Assert.Contains("it matches neither list, and POLICY is deny", output, StringComparison.Ordinal);

        CliRunner.Run("fix", "--root", tree.Root, "--select", "CL016");
        Assert.Equal("# nothing unless listed\nPOLICY=\"deny\"\nALLOW_FROM=\"127.0.0.1\"\n", tree.Read("etc/default/pveproxy"));
    }

    [Fact]
    public void Under_policy_deny_an_address_deny_from_covers_gets_advice_only()
    {
        // Matching both lists is a deny under POLICY=deny: adding 127.0.0.1 to ALLOW_FROM would change nothing.
        using var tree = Tree("ALLOW_FROM=\"10.0.0.0/8\"\nDENY_FROM=\"all\"\nPOLICY=\"deny\"\n");
        var fix = Finding(tree).GetProperty("fix");
        Assert.Equal("display-only", fix.GetProperty("applicability").GetString());
        Assert.Contains("narrow DENY_FROM", fix.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALLOW_FROM=\"$(hostname -i)\"\nDENY_FROM=\"all\"\n", "ALLOW_FROM (/etc/default/pveproxy:1 gives it a value bash computes) is not known")]
    [InlineData("ALLOW_FROM=\"10.0.0.1, 127.0.0.1\"\nDENY_FROM=\"all\"\n", "' 127.0.0.1'")]
    [InlineData("ALLOW_FROM=\"10.0.0.0/8\"\nDENY_FROM=\"all\"\nPOLICY=\"Allow\"\n", "is neither allow nor deny")]
    public void A_value_ConfLint_cannot_read_exactly_leaves_the_list_unjudged(string defaults, string why)
    {
        using var tree = Tree(defaults);
        var (output, notes) = Lint(tree);
        Assert.DoesNotContain("CL016", output, StringComparison.Ordinal);
        Assert.Contains("CL016 did not judge pveproxy in service 'pveproxy.service''s access list", notes, StringComparison.Ordinal);
        Assert.Contains(why, notes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_sources_another_leaves_pveproxy_unread_and_unjudged()
    {
        using var tree = Tree(". /etc/pve/local/pveproxy.acl\nDENY_FROM=\"all\"\n");
        var (output, notes) = Lint(tree);
        Assert.DoesNotContain("CL016", output, StringComparison.Ordinal);
        Assert.Contains("runs commands whose effect ConfLint does not work out", notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("        proxy_bind 127.0.0.1;\n", " (proxy_bind 127.0.0.1): it matches DENY_FROM only")]
    public void A_connection_to_the_hosts_own_address_comes_from_it_unless_proxy_bind_says_otherwise(string bind, string? refused)
    {
        using var tree = Tree("ALLOW_FROM=\"192.168.10.0/24\"\nDENY_FROM=\"all\"\n", pass: "https://192.168.10.11:8006", extra: bind)
            .Write("etc/network/interfaces", "auto vmbr0\niface vmbr0 inet static\n\taddress 192.168.10.11/24\n");
        var (output, notes) = Lint(tree);
        if (refused is null)
        {
            Assert.DoesNotContain("CL016", output, StringComparison.Ordinal);
            Assert.DoesNotContain("CL016", notes, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("connects to 192.168.10.11:8006 from 127.0.0.1" + refused, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_name_with_an_address_still_admitted_is_info_as_nginx_retries_it()
    {
        using var tree = Tree("ALLOW_FROM=\"127.0.0.1\"\nDENY_FROM=\"all\"\n", pass: "https://localhost:8006", hosts: "127.0.0.1 localhost\n::1 localhost\n");
        var (output, _) = Lint(tree);
        Assert.Contains("info CL016 [*] pveproxy's access list shuts the proxy out", output, StringComparison.Ordinal);
        Assert.Contains("connects to [::1]:8006 from ::1: it matches DENY_FROM only", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_HTTP_to_pveproxy_is_a_TLS_mismatch()
    {
        using var tree = Tree(null, pass: "http://127.0.0.1:8006");
        var (output, _) = Lint(tree);
        Assert.Contains("warning CL001 proxy_pass http://127.0.0.1:8006 speaks plain HTTP to 127.0.0.1:8006, where every listener serves TLS only: pveproxy in service 'pveproxy.service' serves TLS only there", output, StringComparison.Ordinal);
    }
}
