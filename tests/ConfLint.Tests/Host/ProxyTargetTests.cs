using ConfLint.Host;

namespace ConfLint.Tests.Host;

/// <summary>A proxy target writes itself back with a new endpoint in the form it has.</summary>
public class ProxyTargetTests
{
    private static readonly Endpoint Socket = Endpoint.Unix("/run/php/php8.2-fpm.sock");
    private static readonly Endpoint Port = Endpoint.Tcp("127.0.0.1", 9001);

    [Theory]
    [InlineData("unix:/run/php/php8.1-fpm.sock", "unix:/run/php/php8.2-fpm.sock", "127.0.0.1:9001")]
    [InlineData("127.0.0.1:9000", "unix:/run/php/php8.2-fpm.sock", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:8000/api/", "http://unix:/run/php/php8.2-fpm.sock:/api/", "http://127.0.0.1:9001/api/")]
    [InlineData("http://unix:/run/app.sock:/api/", "http://unix:/run/php/php8.2-fpm.sock:/api/", "http://127.0.0.1:9001/api/")]
    [InlineData("HTTP://unix:/run/app.sock", "HTTP://unix:/run/php/php8.2-fpm.sock", "HTTP://127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:8000$request_uri", "http://unix:/run/php/php8.2-fpm.sock:$request_uri", "http://127.0.0.1:9001$request_uri")]
    public void Nginx_targets_keep_their_scheme_and_uri(string text, string toSocket, string toPort)
    {
        var target = ProxyTarget.ParseNginx(text);
        Assert.Equal(toSocket, target.WithEndpoint(Socket));
        Assert.Equal(toPort, target.WithEndpoint(Port));
    }

    [Theory]
    [InlineData("proxy:unix:/run/php/php8.1-fpm.sock|fcgi://localhost", "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost", "proxy:fcgi://127.0.0.1:9001")]
    [InlineData("fcgi://127.0.0.1:9000/var/www/$1", "unix:/run/php/php8.2-fpm.sock|fcgi://127.0.0.1:9000/var/www/$1", "fcgi://127.0.0.1:9001/var/www/$1")]
    [InlineData("unix:/run/app.sock", "unix:/run/php/php8.2-fpm.sock|http://localhost/", "http://127.0.0.1:9001/")]
    [InlineData("http://127.0.0.1:8000", "unix:/run/php/php8.2-fpm.sock|http://127.0.0.1:8000", "http://127.0.0.1:9001")]
    [InlineData("http://localhost:8000$1", "unix:/run/php/php8.2-fpm.sock|http://localhost:8000$1", "http://127.0.0.1:9001$1")]
    [InlineData("ws://localhost:3001/$1?q=%1", "unix:/run/php/php8.2-fpm.sock|ws://localhost:3001/$1?q=%1", "ws://127.0.0.1:9001/$1?q=%1")]
    public void Apache_targets_keep_their_prefix_and_handler_url(string text, string toSocket, string toPort)
    {
        var target = ProxyTarget.ParseApache(text);
        Assert.Equal(toSocket, target.WithEndpoint(Socket));
        Assert.Equal(toPort, target.WithEndpoint(Port));
    }

    [Theory]
    [InlineData("unix:/run/app/puma.sock|http://127.0.0.1/", "/run/app/puma.sock")]
    [InlineData("unix:///run/app/puma.sock|http://127.0.0.1/", "/run/app/puma.sock")]
    [InlineData("unix://run/app/puma.sock|http://127.0.0.1/", "/app/puma.sock")]
    [InlineData("proxy:unix:///run/php/php8.2-fpm.sock|fcgi://localhost", "/run/php/php8.2-fpm.sock")]
    public void Apache_reads_the_socket_path_of_a_unix_url_as_a_uri_path(string text, string path)
    {
        var target = ProxyTarget.ParseApache(text);
        Assert.Equal(path, target.SocketPath);
        Assert.Equal(path, target.Endpoint!.Path);
    }

    [Theory]
    [InlineData("http://backend.internal:8080/x", "http://$backend:8080/x")]
    [InlineData("https://api.example.com", "https://$backend")]
    [InlineData("unix:/run/app.sock", null)]
    public void The_host_can_be_replaced_by_a_variable(string text, string? expected)
    {
        Assert.Equal(expected, ProxyTarget.ParseNginx(text).WithHost("$backend"));
    }

    [Theory]
    [InlineData("http://$backend:8080", "backend")]
    [InlineData("http://${backend}/x", "backend")]
    [InlineData("$upstream", "upstream")]
    [InlineData("http://$a$b", "a")]
    [InlineData("http://$backend.example.com", null)]
    [InlineData("http://127.0.0.1:8000$request_uri", null)]
    public void A_variable_host_is_named(string text, string? variable)
    {
        Assert.Equal(variable, ProxyTarget.ParseNginx(text).HostVariable);
    }

    [Theory]
    [InlineData("http://app", false)]
    [InlineData("http://app:8080", true)]
    [InlineData("http://[::1]:8080/", true)]
    [InlineData("http://[::1]/", false)]
    public void Whether_a_port_is_written(string text, bool written)
    {
        Assert.Equal(written, ProxyTarget.ParseNginx(text).PortWritten);
    }
}
