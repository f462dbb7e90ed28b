using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>An ASP.NET Core application on Kestrel (<c>dotnet App.dll</c>, <c>dotnet exec</c>, its apphost) listens where its
/// configuration says, merged as WebApplication.CreateBuilder merges it: the prefixed variables under appsettings.json
/// under appsettings.{Environment}.json under the plain variables under the command line; Kestrel:Endpoints replaces the
/// URLs; then urls, then (.NET 8) HTTP_PORTS, then http://localhost:5000 on both loopbacks. What ConfLint cannot read is
/// unknown.</summary>
public class KestrelReaderTests
{
    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree, sorted: true);

    private const string AspNetCore8 = "{\n  \"runtimeOptions\": {\n    \"tfm\": \"net8.0\",\n    \"frameworks\": [\n      { \"name\": \"Microsoft.NETCore.App\", \"version\": \"8.0.0\" },\n      { \"name\": \"Microsoft.AspNetCore.App\", \"version\": \"8.0.0\" }\n    ]\n  }\n}\n";

    private static TempTree App(string lines, string execStart = "/usr/bin/dotnet /var/www/app/App.dll", string? runtimeConfig = AspNetCore8)
    {
        var tree = new TempTree().Write("etc/systemd/system/kestrel-app.service", $"[Service]\nWorkingDirectory=/var/www/app\nUser=www-data\n{lines}ExecStart={execStart}\nRestart=always\n");
        return runtimeConfig is null ? tree : tree.Write("var/www/app/App.runtimeconfig.json", runtimeConfig);
    }

    [Theory]
    [InlineData("", "127.0.0.1:5000, [::1]:5000")]
    [InlineData("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n", "127.0.0.1:5001")]
    [InlineData("Environment=DOTNET_URLS=http://0.0.0.0:5002\n", "0.0.0.0:5002")]
    [InlineData("Environment=ASPNETCORE_URLS=http://*:5003;http://localhost:5004\n", "127.0.0.1:5004, [::1]:5004, [::]:5003")]
    [InlineData("Environment=ASPNETCORE_URLS=http://+:5005\n", "[::]:5005")]
    [InlineData("Environment=ASPNETCORE_URLS=http://[::]:5006\n", "[::]:5006")]
    [InlineData("Environment=ASPNETCORE_URLS=https://127.0.0.1:5443\n", "127.0.0.1:5443")]
    [InlineData("Environment=ASPNETCORE_URLS=http://unix:/run/app/kestrel.sock\n", "unix:/run/app/kestrel.sock")]
    [InlineData("Environment=ASPNETCORE_HTTP_PORTS=8080\n", "[::]:8080")]
    [InlineData("Environment=ASPNETCORE_HTTP_PORTS=8080 ASPNETCORE_URLS=http://127.0.0.1:5001\n", "127.0.0.1:5001")]
    [InlineData("Environment=Kestrel__Endpoints__Http__Url=http://127.0.0.1:5010 ASPNETCORE_URLS=http://127.0.0.1:5001\n", "127.0.0.1:5010")]
    [InlineData("Environment=URLS=http://127.0.0.1:5011\n", "127.0.0.1:5011")]
    [InlineData("Environment=ASPNETCORE_URLS=http://127.0.0.1:0\n", " (unknown)")]
    [InlineData("Environment=ASPNETCORE_URLS=ftp://127.0.0.1:21\n", " (unknown)")]
    [InlineData("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001 DOTNET_URLS=http://127.0.0.1:5002\n", " (unknown)")]
    [InlineData("EnvironmentFile=/etc/default/missing\n", " (unknown)")]
    public void Kestrel_listens_where_its_environment_says(string environment, string expected)
    {
        using var tree = App(environment);
        Assert.Equal(expected, Read(tree));
    }

    [Theory]
    [InlineData("/usr/bin/dotnet /var/www/app/App.dll --urls http://127.0.0.1:5020", "127.0.0.1:5020")]
    [InlineData("/usr/bin/dotnet /var/www/app/App.dll --urls=http://127.0.0.1:5021", "127.0.0.1:5021")]
    [InlineData("/usr/bin/dotnet exec /var/www/app/App.dll /urls http://127.0.0.1:5022", "127.0.0.1:5022")]
    [InlineData("/usr/bin/dotnet /var/www/app/App.dll --Kestrel:Endpoints:Web:Url=http://127.0.0.1:5023", "127.0.0.1:5023")]
    [InlineData("/usr/bin/dotnet exec --roll-forward Major /var/www/app/App.dll urls=http://127.0.0.1:5024", "127.0.0.1:5024")]
    [InlineData("/usr/bin/dotnet App.dll", "127.0.0.1:5001")]
    [InlineData("/usr/bin/dotnet /var/www/app/App.dll -urls=http://127.0.0.1:5025", " (unknown)")]
    public void Kestrel_takes_the_command_line_over_the_environment(string command, string expected)
    {
        using var tree = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n", command);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Endpoints_in_appsettings_replace_ASPNETCORE_URLS()
    {
        using var tree = App("Environment=ASPNETCORE_ENVIRONMENT=Production\nEnvironment=ASPNETCORE_URLS=http://127.0.0.1:5001\n")
            .Write("var/www/app/appsettings.json", "{\n  // the supplier's\n  \"Kestrel\": {\n    \"Endpoints\": {\n      \"Http\": { \"Url\": \"http://localhost:5000\" },\n    },\n  },\n}\n");
        Assert.Equal("127.0.0.1:5000, [::1]:5000", Read(tree));
        var server = Server(tree);
        Assert.Contains(server.UnreadPorts, u => u.Port == 5001);
        Assert.All(server.Binds, b => Assert.Equal(5, b.Location.Start.Line));
    }

    [Fact]
    public void The_environments_file_comes_after_appsettings_json_and_keys_are_case_insensitive()
    {
        using var production = App("Environment=ASPNETCORE_ENVIRONMENT=Production\n")
            .Write("var/www/app/appsettings.json", "{ \"Urls\": \"http://127.0.0.1:5030\" }\n")
            .Write("var/www/app/appsettings.Production.json", "{ \"URLS\": \"http://127.0.0.1:5031\" }\n")
            .Write("var/www/app/appsettings.Staging.json", "{ \"urls\": \"http://127.0.0.1:5032\" }\n");
        Assert.Equal("127.0.0.1:5031", Read(production));

        using var staging = App("Environment=DOTNET_ENVIRONMENT=Staging\n")
            .Write("var/www/app/appsettings.json", "{ \"Urls\": \"http://127.0.0.1:5030\" }\n")
            .Write("var/www/app/appsettings.Staging.json", "{ \"urls\": \"http://127.0.0.1:5032\" }\n");
        Assert.Equal("127.0.0.1:5032", Read(staging));

        // The plain variable comes after the files; the prefixed one before them.
        using var plain = App("Environment=URLS=http://127.0.0.1:5033 ASPNETCORE_URLS=http://127.0.0.1:5034\n")
            .Write("var/www/app/appsettings.json", "{ \"Urls\": \"http://127.0.0.1:5030\" }\n");
        Assert.Equal("127.0.0.1:5033", Read(plain));

        using var prefixed = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5034\n")
            .Write("var/www/app/appsettings.json", "{ \"Urls\": \"http://127.0.0.1:5030\" }\n");
        Assert.Equal("127.0.0.1:5030", Read(prefixed));
    }

    [Fact]
    public void Two_environment_names_that_listen_differently_are_unknown()
    {
        using var differ = App("Environment=ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Staging\n")
            .Write("var/www/app/appsettings.Production.json", "{ \"Urls\": \"http://127.0.0.1:5040\" }\n")
            .Write("var/www/app/appsettings.Staging.json", "{ \"Urls\": \"http://127.0.0.1:5041\" }\n");
        Assert.Equal(" (unknown)", Read(differ));

        using var agree = App("Environment=ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Staging\n")
            .Write("var/www/app/appsettings.json", "{ \"Urls\": \"http://127.0.0.1:5040\" }\n");
        Assert.Equal("127.0.0.1:5040", Read(agree));
    }

    [Fact]
    public void PreferHostingUrls_lets_the_urls_win()
    {
        using var tree = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001 ASPNETCORE_PREFERHOSTINGURLS=true\n")
            .Write("var/www/app/appsettings.json", "{ \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://localhost:5000\" } } } }\n");
        Assert.Equal("127.0.0.1:5001", Read(tree));
    }

    [Theory]
    [InlineData("{ \"Urls\": \"http://127.0.0.1:5050\" ", " (unknown)")]
    [InlineData("[ 1, 2 ]", " (unknown)")]
    [InlineData("{ \"Urls\": \"http://127.0.0.1:5050\", \"urls\": \"http://127.0.0.1:5051\" }", " (unknown)")]
    [InlineData("{ \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Protocols\": \"Http1\" } } } }", " (unknown)")]
    [InlineData("{ \"Kestrel\": { \"Endpoints\": { \"Https\": { \"Url\": \"https://*:5443\" } } } }", "[::]:5443")]
    public void A_file_the_provider_refuses_or_an_endpoint_without_url_is_unknown(string json, string expected)
    {
        using var tree = App(string.Empty).Write("var/www/app/appsettings.json", json + "\n");
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void HTTP_PORTS_count_since_NET_8_only()
    {
        using var net7 = App("Environment=ASPNETCORE_HTTP_PORTS=8080\n", runtimeConfig: AspNetCore8.Replace("net8.0", "net7.0", StringComparison.Ordinal));
        Assert.Equal("127.0.0.1:5000, [::1]:5000", Read(net7));

        using var unknown = App("Environment=ASPNETCORE_HTTP_PORTS=8080\n", runtimeConfig: null);
        Assert.Equal(" (unknown)", Read(unknown));
    }

    [Fact]
    public void Without_evidence_of_ASP_NET_Core_the_default_is_not_assumed()
    {
        using var none = App(string.Empty, runtimeConfig: null);
        Assert.Equal(" (unknown)", Read(none));

        using var worker = App(string.Empty, runtimeConfig: "{ \"runtimeOptions\": { \"tfm\": \"net8.0\", \"framework\": { \"name\": \"Microsoft.NETCore.App\", \"version\": \"8.0.0\" } } }\n");
        Assert.Equal(" (unknown)", Read(worker));

        // A URL set for it is evidence enough of where it listens.
        using var set = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n", runtimeConfig: null);
        Assert.Equal("127.0.0.1:5001", Read(set));
    }

    [Fact]
    public void The_apphost_beside_its_dll_is_read_as_dotnet_App_dll()
    {
        using var tree = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5060\n", execStart: "/var/www/app/App --contentRoot /var/www/app")
            .Write("var/www/app/App.dll", "MZ")
            .Write("var/www/app/App", "\u007fELF");
        Assert.Equal("127.0.0.1:5060", Read(tree));

        // Without the dll beside it, the program is not known to be .NET.
        using var alone = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5060\n", execStart: "/opt/tool/tool").Write("opt/tool/tool", "\u007fELF");
        Assert.Empty(HostTrees.Model(alone).BackEndsOf<ConfLint.Host.Systemd.ServiceBackEnd>());
    }

    [Fact]
    public void Dotnet_run_of_the_SDK_is_not_read()
    {
        using var tree = App("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n", execStart: "/usr/bin/dotnet run --project /var/www/app");
        Assert.Empty(HostTrees.Model(tree).BackEndsOf<ConfLint.Host.Systemd.ServiceBackEnd>());
    }

    private static ConfLint.Host.Systemd.AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ConfLint.Host.Systemd.ServiceBackEnd>().Single().Server!;
}
