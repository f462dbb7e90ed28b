using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A target at an address ConfLint does not know as this host's (only loopback and wildcard ones are) is not
/// judged by CL001, and <c>--verbose</c> says so, once per address.</summary>
public class RemoteTargetNoteTests
{
    [Fact]
    public void An_address_not_known_as_this_hosts_is_named_once_in_the_notes()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location /a {\n            proxy_pass http://10.0.2.15:8082;\n        }\n        location /b {\n            proxy_pass http://10.0.2.15:8082;\n        }\n        location /c {\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        var notes = (output.Stdout + output.Stderr).Split('\n').Where(l => l.Contains("taken as another host's", StringComparison.Ordinal)).ToList();
        var note = Assert.Single(notes);
        Assert.Contains("etc/nginx/nginx.conf:6: CL001 did not judge 10.0.2.15:8082: 10.0.2.15 is taken as another host's", note, StringComparison.Ordinal);
    }
}
