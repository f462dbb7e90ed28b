using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>JupyterHub's proxy address: bind_url (default http://:8000), ip and port, from its config file and command line.</summary>
public class JupyterHubReaderTests
{
    private static List<ConfLint.Host.EndpointSite> Listeners(string execStart, string? config, string folder = "/opt/jupyterhub/etc/jupyterhub")
    {
        using var tree = new TempTree().Write("etc/systemd/system/jupyterhub.service", $"[Service]\nWorkingDirectory={folder}\nExecStart={execStart}\nRestart=always\n");
        if (config is not null)
        {
            tree.Write(folder.TrimStart('/') + "/jupyterhub_config.py", config);
        }

        return HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().SelectMany(s => s.Listeners).ToList();
    }

    [Fact]
    public void The_config_files_bind_url_is_the_address_and_is_located_there()
    {
        var listener = Assert.Single(Listeners("/opt/jupyterhub/bin/jupyterhub -f /opt/jupyterhub/etc/jupyterhub/jupyterhub_config.py",
            "c = get_config()  #noqa\nc.JupyterHub.bind_url = 'http://127.0.0.1:8080'\nc.Spawner.default_url = '/lab'\n"));
        Assert.Equal("127.0.0.1:8080", listener.Endpoint.Describe());
        Assert.Equal(("opt/jupyterhub/etc/jupyterhub/jupyterhub_config.py", 2), (listener.Location.Path, listener.Location.Start.Line));
        Assert.Equal("http://127.0.0.1:8080", listener.Location.Source!.ToString(listener.Location.Span));
    }

    [Theory]
    [InlineData("/usr/local/bin/jupyterhub", null, "0.0.0.0:8000")]
    [InlineData("/usr/local/bin/jupyterhub", "c.JupyterHub.port = 8100\n", "0.0.0.0:8100")]
    [InlineData("/usr/local/bin/jupyterhub", "c.JupyterHub.bind_url = 'http://:9000/hub-base/'\nc.JupyterHub.ip = '127.0.0.1'\n", "127.0.0.1:9000")]
    [InlineData("/usr/local/bin/jupyterhub --port 8200", "c.JupyterHub.bind_url = 'http://127.0.0.1:8080'\n", "127.0.0.1:8200")]
    [InlineData("/usr/local/bin/jupyterhub --JupyterHub.bind_url=http://10.0.0.5:8300", null, "10.0.0.5:8300")]
    public void Defaults_ip_port_and_the_command_line(string execStart, string? config, string expected)
    {
        Assert.Equal(expected, Assert.Single(Listeners(execStart, config)).Endpoint.Describe());
    }

    [Theory]
    [InlineData("c.JupyterHub.bind_url = os.environ['HUB_URL']\n")]
    [InlineData("import os\nif os.environ.get('PROD'):\n    c.JupyterHub.port = 9000\n")]
    [InlineData("load_subconfig('/etc/jupyterhub/extra.py')\n")]
    public void A_computed_or_loaded_setting_leaves_the_address_unknown(string config)
    {
        Assert.Empty(Listeners("/usr/local/bin/jupyterhub", config));
    }

    [Fact]
    public void A_named_config_file_missing_from_the_root_leaves_the_address_unknown()
    {
        Assert.Empty(Listeners("/usr/local/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py", null));
    }
}
