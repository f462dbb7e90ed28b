using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Vaultwarden listens where Rocket's ROCKET_ADDRESS and ROCKET_PORT say (127.0.0.1:8000 by default); a .env or
/// Rocket.toml it would read, or WEBSOCKET_ENABLED (a second server before 1.31, none after), leaves an address
/// unknown.</summary>
public class VaultwardenTests
{
    private static TempTree Tree(string environment, string workingDirectory = "/var/lib/vaultwarden") => new TempTree()
        .Write("etc/systemd/system/vaultwarden.service", $"[Service]\nWorkingDirectory={workingDirectory}\n{environment}ExecStart=/usr/bin/vaultwarden\n")
        .Write("var/lib/vaultwarden/data/.keep", string.Empty);

    /// <summary>The service's listeners, and " (unknown)" where an address of it is unknown.</summary>
    private static string Read(TempTree tree)
    {
        var model = HostTrees.Model(tree);
        var service = Assert.Single(model.BackEndsOf<ServiceBackEnd>());
        return string.Join(", ", service.Listeners.Select(l => l.Endpoint.Describe())) + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, service)) ? " (unknown)" : string.Empty);
    }

    [Theory]
    [InlineData("", "127.0.0.1:8000")]
    [InlineData("Environment=ROCKET_PORT=8080\n", "127.0.0.1:8080")]
    [InlineData("Environment=ROCKET_ADDRESS=0.0.0.0 ROCKET_PORT=80\n", "0.0.0.0:80")]
    public void Rockets_variables_and_defaults_give_the_address(string environment, string expected)
    {
        using var tree = Tree(environment);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_dotenv_or_Rocket_toml_it_reads_leaves_the_address_unknown()
    {
        using var dotenv = Tree("Environment=ROCKET_PORT=8080\n").Write("var/lib/vaultwarden/.env", "ROCKET_PORT=9000\n");
        Assert.Equal(" (unknown)", Read(dotenv));

        using var toml = Tree("Environment=ROCKET_PORT=8080\n").Write("var/lib/Rocket.toml", "[default]\nport = 9000\n");
        Assert.Equal(" (unknown)", Read(toml));
    }

    [Fact]
    public void WEBSOCKET_ENABLED_keeps_Rockets_address_and_leaves_a_second_unknown()
    {
        using var tree = Tree("Environment=ROCKET_PORT=8080 WEBSOCKET_ENABLED=true\n");
        Assert.Equal("127.0.0.1:8080 (unknown)", Read(tree));
    }
}
