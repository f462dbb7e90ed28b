using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's tie through a socket's folder: a Unix socket named in the application's own folder, where its one back
/// end creates its socket, is proven missing (error); in a folder many programs share it proves nothing (info).</summary>
public class SocketFolderTieTests
{
    private static string Lint(string socketFolder)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name pay.example.com;\n        location / {\n            uwsgi_pass unix:" + socketFolder + "/billing.sock;\n        }\n    }\n}\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/billing.conf", "[program:worker]\ncommand=/srv/billing/env/bin/uwsgi --socket " + socketFolder + "/api.sock --module billing.wsgi\ndirectory=/srv/billing\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void A_socket_in_the_applications_own_folder_ties_its_back_end()
    {
        var report = Lint("/srv/billing/run");
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
        Assert.Contains("where the back end creates its own", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tmp")]
    [InlineData("/run")]
    [InlineData("/run/php")]
    public void A_socket_in_a_shared_folder_proves_nothing(string folder)
    {
        var report = Lint(folder);
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }
}
