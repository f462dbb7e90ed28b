using ConfLint.Host;
using ConfLint.Host.Pm2;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>PM2 apps read by the application servers' readers: node's PORT from env, cluster instances sharing it, and
/// <c>increment_var</c> giving each instance its own port.</summary>
public class Pm2AppTests
{
    private static (Pm2BackEnd App, HostModel Host) App(string settings)
    {
        var tree = new TempTree().Write("ecosystem.config.js", "module.exports = { apps: [{ name: 'web', script: './server.js', cwd: '/srv/web', " + settings + " }] };\n");
        using (tree)
        {
            var host = HostTrees.Model(tree);
            return (Assert.Single(host.BackEndsOf<Pm2BackEnd>()), host);
        }
    }

    [Theory]
    [InlineData("exec_mode: 'cluster', instances: 4, env: { PORT: 3000 }", new[] { 3000 })]
    [InlineData("exec_mode: 'cluster', instances: 3, increment_var: 'PORT', env: { PORT: 3000 }", new[] { 3000, 3001, 3002 })]
    [InlineData("instances: 2, increment_var: 'PORT', env: { PORT: '4000' }", new[] { 4000, 4001 })]
    [InlineData("args: '--port 5000'", new[] { 5000 })]
    public void Instances_listen_where_their_port_says(string settings, int[] ports)
    {
        var (app, _) = App(settings);
        Assert.Equal(ports, app.Listeners.Select(l => l.Endpoint.Port));
        Assert.Equal("node", app.Server!.Program);
    }

    [Fact]
    public void One_instance_per_cpu_with_increment_var_leaves_the_later_ports_unknown()
    {
        var (app, host) = App("exec_mode: 'cluster', instances: 'max', increment_var: 'PORT', env: { PORT: 3000 }");
        Assert.Equal([3000], app.Listeners.Select(l => l.Endpoint.Port));
        Assert.Contains(host.UnknownListeners, u => u.BackEnd == app && u.Why.Contains("one per CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_without_port_is_unknown()
    {
        var (app, host) = App("env: { NODE_ENV: 'production' }");
        Assert.Empty(app.Listeners);
        Assert.Contains(host.UnknownListeners, u => u.BackEnd == app);
    }

    /// <summary>A PM2 application goes by its name, as a supervisord program does: the site named for it ties it, so a
    /// drifted target is an error with a fix (it was info: nothing tied a PM2 application to a site).</summary>
    [Fact]
    public void A_site_named_for_the_application_ties_it()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/umami.conf", "server {\n    listen 80;\n    server_name stats.example.org;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n")
            .Write("home/umami/umami/ecosystem.config.js", "module.exports = { apps: [{ name: 'umami', script: 'server.js', cwd: '/home/umami/umami', env: { PORT: 3001 } }] };\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:3000: nothing on this host listens there", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("its file umami.conf is named for it", lint.Stdout, StringComparison.Ordinal);
    }
}
