using ConfLint.Host;

namespace ConfLint.Tests.Host;

/// <summary>mod_proxy connects to a URL's host without a port on the scheme's default port (mod_proxy_http.c: no port is
/// <c>apr_uri_port_of_scheme</c>; proxy_util.c's scheme table: ws 80, wss 443): <c>ProxyPass / http://app/</c> is app:80.
/// Controls: a port written, a variable in the address, a balancer, a scheme whose default ConfLint does not rely on.</summary>
public class ApacheDefaultPortTests
{
    [Theory]
    [InlineData("http://control-center/", "control-center", 80)]
    [InlineData("https://control-center/", "control-center", 443)]
    [InlineData("ws://chat/socket", "chat", 80)]
    [InlineData("wss://chat", "chat", 443)]
    [InlineData("http://app:8080/", "app", 8080)]
    public void A_host_without_a_port_has_the_schemes_default(string text, string host, int port)
    {
        var target = ProxyTarget.ParseApache(text);
        Assert.Equal(EndpointKind.Tcp, target.Endpoint?.Kind);
        Assert.Equal(host, target.Endpoint!.Host);
        Assert.Equal(port, target.Endpoint.Port);
    }

    [Theory]
    [InlineData("balancer://app/")]
    [InlineData("http://$1/")]
    [InlineData("fcgi://php/")]
    public void Other_targets_get_no_default_port(string text) =>
        Assert.Null(ProxyTarget.ParseApache(text).Endpoint is { Kind: EndpointKind.Tcp } tcp ? tcp : null);
}
