using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Arguments nginx's own handlers refuse while they read the configuration (a differential round's misses): the variable
/// <c>set</c> and <c>auth_request_set</c> define (ngx_http_rewrite_set, ngx_http_auth_request_set, then
/// ngx_http_add_variable), the numbers a post handler bounds (ngx_conf_check_num_bounds), the parameters of
/// <c>proxy_cache_path</c> (ngx_http_file_cache_set_slot) and of <c>resolver</c> (ngx_resolver_create). Each with the
/// nearest accepted variant, which stays silent.
/// </summary>
public class NginxHandlerArgumentsTests
{
    private static string Lint(string http, string location = "", string? version = null)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n" + http + "    server {\n        listen 80;\n        location / {\n" + location + "        }\n    }\n}\n");
        if (version is not null)
        {
            tree.Write(".conflint.yml", $"host:\n  nginx-version: {version}\n");
        }

        return CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000").Stdout;
    }

    [Theory]
    [InlineData("set a 1;", "invalid variable name \"a\"")]
    [InlineData("set $host x;", "the duplicate \"host\" variable")]
    [InlineData("set $Request_URI x;", "the duplicate \"Request_URI\" variable")]
    [InlineData("auth_request_set a $upstream_status;", "invalid variable name \"a\"")]
    [InlineData("auth_request_set $host $upstream_status;", "the duplicate \"host\" variable")]
    public void A_set_target_nginx_refuses_is_an_error(string line, string message) =>
        Assert.Contains($"etc/nginx/nginx.conf:6:13: error CL000 {message}", Lint("", "            " + line + "\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("set $args x;")]
    [InlineData("set $limit_rate 10k;")]
    [InlineData("set $http_x_forwarded_proto https;")]
    [InlineData("set $mine 1;")]
    [InlineData("auth_request_set $auth_status $upstream_status;")]
    public void A_changeable_or_new_variable_is_taken(string line) =>
        Assert.DoesNotContain("CL000", Lint("", "            " + line + "\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("gzip_comp_level 10;", "1 and 9")]
    [InlineData("gzip_comp_level 0;", "1 and 9")]
    [InlineData("limit_req_status 399;", "400 and 599")]
    [InlineData("limit_conn_status 600;", "400 and 599")]
    [InlineData("uwsgi_modifier1 256;", "0 and 255")]
    public void A_number_out_of_its_bounds_is_an_error(string line, string bounds) =>
        Assert.Contains($"etc/nginx/nginx.conf:6:13: error CL000 value must be between {bounds}", Lint("", "            " + line + "\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("gzip_comp_level 9;")]
    [InlineData("gzip_comp_level 1;")]
    [InlineData("limit_req_status 599;")]
    [InlineData("limit_conn_status 400;")]
    [InlineData("uwsgi_modifier1 0;")]
    public void A_number_within_its_bounds_is_taken(string line) =>
        Assert.DoesNotContain("CL000", Lint("", "            " + line + "\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("proxy_cache_path /var/cache/x levels=1:2:3:4 keys_zone=x:10m;", "invalid \"levels\" \"levels=1:2:3:4\"")]
    [InlineData("proxy_cache_path /var/cache/x levels=3 keys_zone=x:10m;", "invalid \"levels\" \"levels=3\"")]
    [InlineData("proxy_cache_path /var/cache/x levels=1: keys_zone=x:10m;", "invalid \"levels\" \"levels=1:\"")]
    [InlineData("proxy_cache_path /var/cache/x keys_zone=x:10m inactive=1x;", "invalid inactive value \"inactive=1x\"")]
    [InlineData("fastcgi_cache_path /var/cache/x keys_zone=x:10m max_size=1t;", "invalid max_size value \"max_size=1t\"")]
    [InlineData("uwsgi_cache_path /var/cache/x keys_zone=x:10m use_temp_path=yes;", "invalid use_temp_path value \"use_temp_path=yes\", it must be \"on\" or \"off\"")]
    [InlineData("proxy_cache_path /var/cache/x keys_zone=x:10m loader_sleep=1x;", "invalid loader_sleep value \"loader_sleep=1x\"")]
    [InlineData("proxy_cache_path /var/cache/x keys_zone=x:10m purger=on;", "invalid parameter \"purger=on\"")]
    [InlineData("proxy_cache_path /var/cache/x keys_zone=x;", "invalid keys zone size \"keys_zone=x\"")]
    [InlineData("proxy_cache_path /var/cache/x keys_zone=x:1k;", "keys zone \"keys_zone=x:1k\" is too small")]
    [InlineData("scgi_cache_path /var/cache/x levels=1:2;", "\"scgi_cache_path\" must have \"keys_zone\" parameter")]
    [InlineData("resolver 127.0.0.53 valid=30s ipv6=maybe;", "invalid parameter: ipv6=maybe")]
    [InlineData("resolver 127.0.0.53 valid=30x;", "invalid parameter: valid=30x")]
    [InlineData("resolver valid=30s;", "no name servers defined")]
    [InlineData("resolver 127.0.0.53 ipv4=off ipv6=off;", "\"ipv4\" and \"ipv6\" cannot both be \"off\"")]
    public void A_parameter_the_handler_refuses_is_an_error(string line, string message) =>
        Assert.Contains($"etc/nginx/nginx.conf:3:5: error CL000 {message}", Lint("    " + line + "\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("proxy_cache_path /var/cache/x/ levels=1:2 keys_zone=x:10m inactive=60m max_size=1g min_free=10m use_temp_path=off;")]
    [InlineData("proxy_cache_path /var/cache/x levels=2:2:2 keys_zone=x:8k loader_files=200 loader_sleep=100ms manager_threshold=1s;")]
    [InlineData("proxy_cache_path /var/cache/x levels= keys_zone=x:1m;")]
    [InlineData("resolver 127.0.0.53 valid=30s ipv6=off;")]
    [InlineData("resolver 127.0.0.53 [::1]:5353 ipv4=off;")]
    public void The_nearest_accepted_parameters_are_taken(string line) =>
        Assert.DoesNotContain("CL000", Lint("    " + line + "\n"), StringComparison.Ordinal);

    [Fact]
    public void An_include_of_a_folder_gives_nginx_reason()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d;\n}\n")
            .Write("etc/nginx/conf.d/site.conf", "server {\n    listen 80;\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000").Stdout;
        Assert.Contains("etc/nginx/nginx.conf:3:13: error CL000 include /etc/nginx/conf.d: pread() \"/etc/nginx/conf.d\" failed (21: Is a directory)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_1_23_1_ipv4_is_not_judged_as_a_parameter() =>
        Assert.DoesNotContain("ipv4", Lint("    resolver 127.0.0.53 ipv4=maybe;\n", version: "1.22.1"), StringComparison.Ordinal);

    [Fact]
    public void Before_1_19_1_min_free_is_an_invalid_parameter() =>
        Assert.Contains("error CL000 invalid parameter \"min_free=1m\"",
            Lint("    proxy_cache_path /var/cache/x keys_zone=x:1m min_free=1m;\n", version: "1.18.0"), StringComparison.Ordinal);
}
