using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 compares a target nothing listens on with the back ends no front end reaches. A socket unit a package
/// ships whose service ConfLint does not read as a web server (docker.socket: Docker's Engine API, root-equivalent) is no
/// such back end: offering it would point a public site at that API. The same unit written by the administrator stays a
/// candidate (at info: nothing ties it to the site).</summary>
public class PackageSocketCandidateTests
{
    private const string Socket = "[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n";

    private static TempTree Root(string socketPath) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name forum.example.com;\n        location / {\n            proxy_pass http://unix:/var/discourse/shared/standalone/nginx.http.sock:;\n        }\n    }\n}\n")
        .Write(socketPath, Socket)
        .Write("lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n");

    [Fact]
    public void A_package_socket_whose_service_is_not_a_web_server_is_not_offered()
    {
        using var package = Root("lib/systemd/system/docker.socket");
        var output = CliRunner.Run("lint", "--root", package.Root, "--select", "CL001", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.DoesNotContain("docker", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("none is left unreached to compare with", output.Stderr + output.Stdout, StringComparison.Ordinal);

        using var own = Root("etc/systemd/system/docker.socket");
        var ownOutput = CliRunner.Run("lint", "--root", own.Root, "--select", "CL001");
        Assert.Contains("info CL001", ownOutput.Stdout, StringComparison.Ordinal);
        Assert.Contains("socket unit 'docker.socket'", ownOutput.Stdout, StringComparison.Ordinal);
    }
}
