using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A <c>sh -c</c> script whose branches start different servers: which one runs is the script's condition.</summary>
public class ShellBranchTests
{
    private static List<ConfLint.Host.EndpointSite> Listeners(string script)
    {
        using var tree = new TempTree().Write("etc/systemd/system/app.service", $"[Service]\nExecStart=/bin/sh -c '{script}'\nRestart=always\n");
        return HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().SelectMany(s => s.Listeners).ToList();
    }

    [Fact]
    public void Two_branches_that_start_servers_leave_the_address_unknown()
    {
        Assert.Empty(Listeners("if [ -n \"$SOCK\" ]; then exec gunicorn -b unix:/run/app.sock app:app; else exec gunicorn -b 127.0.0.1:8000 app:app; fi"));
    }

    [Fact]
    public void One_branch_that_starts_a_server_is_read()
    {
        Assert.Equal("127.0.0.1:8000", Assert.Single(Listeners("if [ -d /srv/app ]; then cd /srv/app; exec gunicorn -b 127.0.0.1:8000 app:app; fi")).Endpoint.Describe());
    }
}
