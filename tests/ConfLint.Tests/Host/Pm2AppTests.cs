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
}
