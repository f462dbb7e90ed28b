using System.Text;
using ConfLint.Configuration;
using ConfLint.Validation;
using ConfLint.Workspace;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Workspace;

/// <summary>On a tree of many servers CL000's listen check runs beside the checks after the walk; its findings must stand
/// where they stand when it runs in turn (before the certificate check's), and none may be lost or repeated.</summary>
public class ListenCheckBesideTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(700)]
    public void The_listen_findings_stand_where_the_check_runs_in_turn(int servers)
    {
        var sites = new StringBuilder();
        for (var i = 0; i < servers; i++)
        {
            sites.Append($"server {{ listen 80; server_name s{i}.example; location / {{ return 200; }} }}\n");
        }

        // Two default servers on one port (the listen check) and a certificate with no key (the certificate check), twice.
        sites.Append("server { listen 8080 default_server; server_name a.example; }\n");
        sites.Append("server { listen 8080 default_server; server_name b.example; }\n");
        sites.Append("server { listen 8443 ssl default_server; server_name c.example; ssl_certificate /etc/ssl/c.pem; }\n");
        sites.Append("server { listen 8443 ssl default_server; server_name d.example; ssl_certificate /etc/ssl/d.pem; }\n");
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/all", sites.ToString())
            .Write("etc/ssl/c.pem", "x")
            .Write("etc/ssl/d.pem", "x");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });

        var messages = ConfigValidator.Check(workspace, ConfLintConfig.Empty).Select(d => d.Message).ToList();

        var duplicates = messages.Select((m, i) => (m, i)).Where(x => x.m.StartsWith("a duplicate default server", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var keys = messages.Select((m, i) => (m, i)).Where(x => x.m.StartsWith("no \"ssl_certificate_key\"", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.Equal(2, duplicates.Count); // 0.0.0.0:8080 and 0.0.0.0:8443
        Assert.Equal(2, keys.Count);
        Assert.True(duplicates.Max() < keys.Min(), string.Join("\n", messages));
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }
}
