using ConfLint.Host;

namespace ConfLint.Tests.Host;

public class EndpointTests
{
    [Theory]
    [InlineData("unix:/run/php/php8.2-fpm.sock", "unix:/run/php/php8.2-fpm.sock", null)]
    [InlineData("unix:///tmp/uwsgi.sock", "unix:/tmp/uwsgi.sock", null)]
    [InlineData("127.0.0.1:9000", "127.0.0.1:9000", null)]
    [InlineData("localhost:9000", "127.0.0.1:9000", "localhost")]
    [InlineData("http://127.0.0.1:8000/", "127.0.0.1:8000", null)]
    [InlineData("http://unix:/run/gunicorn.sock:/api/", "unix:/run/gunicorn.sock", null)]
    [InlineData("http://[::1]:3000", "[::1]:3000", null)]
    [InlineData("https://10.0.0.5", "10.0.0.5:443", null)]
    [InlineData("http://app", null, "app")]
    [InlineData("http://backend.internal:8080/x", "backend.internal:8080", "backend.internal")]
    public void Nginx_pass_targets(string text, string? endpoint, string? name)
    {
        var target = ProxyTarget.ParseNginx(text);
        Assert.Equal(endpoint, target.Endpoint?.Describe());
        Assert.Equal(name, target.Name);
        Assert.False(target.HasVariable);
    }

    [Fact]
    public void A_variable_makes_the_target_known_only_at_request_time()
    {
        var target = ProxyTarget.ParseNginx("http://$backend_host:8080");
        Assert.False(ProxyTarget.ParseNginx("http://127.0.0.1:8000$request_uri").HasVariable);
        Assert.Equal("127.0.0.1:8000", ProxyTarget.ParseNginx("http://127.0.0.1:8000$request_uri").Endpoint!.Describe());
        Assert.True(ProxyTarget.ParseNginx("http://127.0.0.1:8000/$request_uri").UriHasVariable);
        Assert.True(target.HasVariable);
        Assert.Equal(EndpointKind.Variable, target.Endpoint!.Kind);
        Assert.Equal("http", target.Scheme);
    }

    [Theory]
    [InlineData("proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost", "unix:/run/php/php8.2-fpm.sock", "fcgi")]
    [InlineData("proxy:fcgi://127.0.0.1:9000", "127.0.0.1:9000", "fcgi")]
    [InlineData("fcgi://localhost/var/www/$1", "127.0.0.1:9000", "fcgi")]
    [InlineData("http://localhost:8000/", "127.0.0.1:8000", "http")]
    [InlineData("unix:/run/app.sock|http://localhost/", "unix:/run/app.sock", "http")]
    public void Apache_targets(string text, string endpoint, string scheme)
    {
        var target = ProxyTarget.ParseApache(text);
        Assert.Equal(endpoint, target.Endpoint!.Describe());
        Assert.Equal(scheme, target.Scheme);
    }

    [Fact]
    public void Apache_balancer_names_are_names()
    {
        Assert.Equal("balancer://cluster", ProxyTarget.ParseApache("balancer://cluster/").Name);
    }

    [Theory]
    [InlineData("unix:/var/run/php/php8.2-fpm.sock", "unix:/run/php/php8.2-fpm.sock", true)]
    [InlineData("unix:/run/php/php8.3-fpm.sock", "unix:/run/php/php8.2-fpm.sock", false)]
    public void Sockets_match_by_path_with_var_run_as_run(string listener, string target, bool accepts)
    {
        var l = ProxyTarget.ParseNginx(listener).Endpoint!;
        var t = ProxyTarget.ParseNginx(target).Endpoint!;
        Assert.Equal(accepts, l.Accepts(t));
    }

    [Theory]
    [InlineData("", 9000, "127.0.0.1", 9000, true)]
    [InlineData("0.0.0.0", 9000, "127.0.0.1", 9000, true)]
    [InlineData("0.0.0.0", 9000, "::1", 9000, false)]
    [InlineData("[::]", 9000, "127.0.0.1", 9000, true)]
    [InlineData("127.0.0.1", 9000, "127.0.0.1", 9001, false)]
    [InlineData("127.0.0.1", 8000, "localhost", 8000, true)]
    [InlineData("::1", 8000, "127.0.0.1", 8000, false)]
    [InlineData("*", 8000, "127.0.0.1", 8000, true)]
    public void Tcp_listeners_accept_their_port_on_their_address_or_any(string listenHost, int listenPort, string targetHost, int targetPort, bool accepts)
    {
        Assert.Equal(accepts, Endpoint.Tcp(listenHost, listenPort).Accepts(Endpoint.Tcp(targetHost, targetPort)));
    }

    [Fact]
    public void Unix_and_tcp_never_match()
    {
        Assert.False(Endpoint.Unix("/run/php.sock").Accepts(Endpoint.Tcp("127.0.0.1", 9000)));
    }
}
