using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001's back-end-side fix (precision round 24): a program copied from another kept the original's port, so the two
/// claim one port (only one starts), while the copy's site points at a port nothing claims. Pointing the site at the
/// held port would send it to the other application; the safe fix moves the copy, where its port is written.
/// </summary>
public class HeldPortMoveTests
{
    private static TempTree Tree(string copyPort) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/shop.conf", "server {\n    listen 80;\n    server_name shop.example.net;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n")
        .Write("etc/nginx/conf.d/shop-staging.conf", "server {\n    listen 80;\n    server_name shop-staging.example.net;\n    location / {\n        proxy_pass http://127.0.0.1:3001;\n    }\n}\n")
        .Write("etc/systemd/system/shop.service", "[Service]\nUser=shop\nWorkingDirectory=/srv/shop\nEnvironment=PORT=3000\nExecStart=/usr/bin/node /srv/shop/server.js\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/systemd/system/shop-staging.service", $"[Service]\nUser=shop\nWorkingDirectory=/srv/shop-staging\nEnvironment=NODE_ENV=staging\nEnvironment=PORT={copyPort}\nExecStart=/usr/bin/node /srv/shop-staging/server.js\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void A_copy_on_the_originals_port_is_moved_where_its_site_points()
    {
        using var tree = Tree("3000");
        var output = Lint(tree);
        Assert.Contains("proxy_pass http://127.0.0.1:3001: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("node in service 'shop.service' binds 127.0.0.1:3000 too and a front end reaches it there, so only one of them can start on that port", output, StringComparison.Ordinal);
        Assert.Contains("help: Move node in service 'shop-staging.service' to port 3001", output, StringComparison.Ordinal);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        Assert.Contains("Environment=PORT=3001\n", File.ReadAllText(Path.Combine(tree.Root, "etc/systemd/system/shop-staging.service")), StringComparison.Ordinal);
        Assert.Contains("Environment=PORT=3000\n", File.ReadAllText(Path.Combine(tree.Root, "etc/systemd/system/shop.service")), StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_copy_on_its_own_port_is_silent()
    {
        using var tree = Tree("3001");
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }
}
