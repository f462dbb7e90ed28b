using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Validation;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

/// <summary>
/// The handlers CL000 reads as nginx and httpd read them, without the daemons (the differential tests compare with
/// them): map, geo and split_clients bodies, upstream blocks taken together, and httpd's ap_expr grammar.
/// </summary>
public sealed class BlockBodyAndExprTests
{
    private static List<string> Cl000(string http)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/site.conf", http);
        return Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null))
            .Diagnostics.Select(d => $"{d.Location.Start.Line}: {d.Message}").ToList();
    }

    [Theory]
    [InlineData("map $uri $m {\n    default 0 1;\n}\n", "2: invalid number of the map parameters")]
    [InlineData("map $uri $m {\n    default 0;\n    default 1;\n}\n", "3: duplicate default map parameter")]
    [InlineData("map $uri $m {\n    /A 1;\n    /a 2;\n}\n", "3: conflicting parameter \"/a\"")]
    [InlineData("map $uri $m {\n    hostnames;\n    example.com 1;\n    .example.com 2;\n}\n", "4: conflicting parameter \".example.com\"")]
    [InlineData("map $uri $m {\n    hostnames;\n    *.example.* 1;\n}\n", "3: invalid hostname or wildcard \"*.example.*\"")]
    [InlineData("map $uri m {\n}\n", "1: invalid variable name \"m\"")]
    [InlineData("map $uri $host {\n}\n", "1: the duplicate \"host\" variable")]
    [InlineData("geo $g {\n    default 0;\n    ranges;\n}\n", "3: the \"ranges\" directive must be the first directive inside \"geo\" block")]
    [InlineData("geo $g {\n    10.0.0.0/33 1;\n}\n", "2: invalid network \"10.0.0.0/33\"")]
    [InlineData("geo $g {\n    ranges;\n    10.0.0.3-10.0.0.4 1;\n    10.0.0.1-10.0.0.9 2;\n}\n", "4: range \"10.0.0.1-10.0.0.9\" overlaps \"10.0.0.3-10.0.0.4\"")]
    [InlineData("split_clients $remote_addr $s {\n    60% a;\n    50% b;\n}\n", "4: percent total is greater than 100%")]
    [InlineData("split_clients $remote_addr $s {\n    50.555% a;\n}\n", "2: invalid percent value \"50.555%\"")]
    [InlineData("upstream u {\n    ip_hash;\n    server 127.0.0.1:1 backup;\n}\n", "3: balancing method does not support parameter \"backup\"")]
    [InlineData("upstream u {\n    server 127.0.0.1:1 backup;\n}\n", "1: no servers in upstream \"u\"")]
    [InlineData("upstream u {\n    zone z;\n    server 127.0.0.1:1;\n}\n", "2: zero size shared memory zone \"z\"")]
    [InlineData("upstream u {\n    zone z 1k;\n    server 127.0.0.1:1;\n}\n", "2: zone \"z\" is too small")]
    [InlineData("upstream u {\n    random two bogus;\n    server 127.0.0.1:1;\n}\n", "2: invalid parameter \"bogus\"")]
    [InlineData("upstream u {\n    server 127.0.0.1:1;\n}\nupstream U {\n    server 127.0.0.1:1;\n}\n", "4: duplicate upstream \"U\"")]
    [InlineData("upstream u {\n    keepalive 8;\n}\n", "3: no servers are inside upstream")]
    public void Nginx_refuses_these_bodies_at_these_lines(string http, string expected) => Assert.Contains(expected, Cl000(http));

    [Theory]
    [InlineData("map $uri $m {\n    hostnames;\n    volatile;\n    *.example.com 1;\n    .example.org 2;\n    www.example.* 3;\n    ~^/a 4;\n    ~^/a 5;\n    default 0;\n}\n")]
    [InlineData("geo $remote_addr $g {\n    ranges;\n    default 0;\n    10.0.0.1-10.1.0.9 1;\n    10.0.5.0-10.0.6.0 2;\n    10.0.0.1-10.0.0.9 3;\n}\n")]
    [InlineData("geo $g {\n    proxy 10.0.0.0/8;\n    proxy_recursive;\n    10.0.0.1/8 1;\n    10.0.0.1/8 2;\n    ::1 3;\n    delete 192.168.0.0/16;\n}\n")]
    [InlineData("split_clients $remote_addr $s {\n    33.33% a;\n    .5% b;\n    5.% c;\n    * d;\n}\n")]
    [InlineData("upstream u {\n    server 127.0.0.1:1 backup;\n    ip_hash;\n    server 127.0.0.1:2;\n}\nupstream v {\n    zone z;\n    least_conn;\n    server 127.0.0.1:1;\n    server 127.0.0.1:2 backup;\n}\nupstream w {\n    zone z 64k;\n    server 127.0.0.1:1;\n    server 127.0.0.1:2 down;\n}\n")]
    public void Nginx_takes_these_bodies(string http) => Assert.Empty(Cl000(http));

    [Theory]
    [InlineData("%{REQUEST_URI} in {}", "syntax error")]
    [InlineData("%{NOSUCHVAR} == 'a'", "Variable 'NOSUCHVAR' does not exist")]
    [InlineData("nosuchfn('a') == 'b'", "Function 'nosuchfn' does not exist")]
    [InlineData("%{REQUEST_URI} -bogus 'a'", "Binary operator 'bogus' does not exist")]
    [InlineData("-N 'a'", "Unary operator 'N' does not exist")]
    [InlineData("'a' == 'a' &&", "syntax error, unexpected $end")]
    [InlineData("%{REQUEST_URI}", "syntax error, unexpected $end")]
    [InlineData("%{REQUEST_URI} =~ 'a'", "syntax error")]
    [InlineData("%{REQUEST_URI} =~ /a/x", "syntax error")]
    [InlineData("%{REQUEST_URI} -in tolower('a')", "List-returning function 'tolower' does not exist")]
    [InlineData("(%{REQUEST_URI}) == 'a'", "syntax error")]
    [InlineData("TRUE", "syntax error, unexpected $end")]
    [InlineData("%{HTTP-HOST} == 'a'", "Invalid character in variable name '-'")]
    [InlineData("'a' == 'a')", "syntax error")]
    public void Httpd_refuses_these_conditions(string expression, string expected) =>
        Assert.Contains(expected, ApacheExpr.Problem(expression) ?? "(taken)", StringComparison.Ordinal);

    [Theory]
    [InlineData("true")]
    [InlineData("!-n %{HTTP_HOST} || -f '/etc/passwd'")]
    [InlineData("%{HTTP:X-A} == 'a' and %{env:X} != \"b\"")]
    [InlineData("%{REQUEST_URI} in {'a','b'} && %{REQUEST_URI} -in {'c'}")]
    [InlineData("%{REMOTE_ADDR} -ipmatch '10.0.0.0/8' or -R '127.0.0.1'")]
    [InlineData("tolower(%{HTTP_HOST}) . 'x' == 'ax' && md5('a') -strmatch 'b*'")]
    [InlineData("%{REQUEST_URI} =~ m#^/a#i && $1 == 'a' && '$1%{HTTP_HOST}' != ''")]
    [InlineData("1 -lt 2 and %{TIME_HOUR} gt -1 and not false")]
    [InlineData("%{SSL_PROTOCOL} == 'TLSv1.3' || %{HTTP2} == 'on'")]
    public void Httpd_takes_these_conditions(string expression) => Assert.Null(ApacheExpr.Problem(expression));

    [Theory]
    [InlineData("ErrorLogFormat \"[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client\\ %a] %M% ,\\ referer\\ %{Referer}i\"", null)]
    [InlineData("ErrorLogFormat connection \"[%{u}t] [%l] %a %% %{c}L\"", null)]
    [InlineData("ErrorLogFormat \"%{bogus}\"", "Ran off end of error log format parsing args to some directive")]
    [InlineData("ErrorLogFormat \"%Q\"", "Unrecognized error log format directive %Q")]
    [InlineData("ErrorLogFormat request \"%M\"", "%M cannot be used in once-per-request or once-per-connection formats")]
    public void Httpd_reads_error_log_formats_item_by_item(string line, string? expected)
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\n" + line + "\n");
        var found = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null))
            .Diagnostics.Where(d => d.Message.Contains("format", StringComparison.OrdinalIgnoreCase)).Select(d => d.Message).ToList();
        if (expected is null)
        {
            Assert.Empty(found);
        }
        else
        {
            Assert.Contains(found, m => m.Contains(expected, StringComparison.Ordinal));
        }
    }
}
