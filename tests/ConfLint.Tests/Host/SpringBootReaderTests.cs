using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A Spring Boot jar (<c>java -jar</c>, or a fully executable jar with its .conf) read as Spring Boot's
/// externalized configuration orders its sources: the jar's own settings (not visible: a port no outside source sets is
/// unknown), then application.properties/.yml of the working folder and its config/ (profile-specific files of the
/// active profiles over the plain ones, .properties over .yml), then the environment, then -D system properties, then
/// --key=value arguments. A jar with no evidence of being Spring Boot is not read.</summary>
public class SpringBootReaderTests
{
    private const string Java = "/usr/bin/java -Xmx512m -jar /opt/app/app.jar";

    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree, sorted: true);

    private static TempTree Unit(string lines, string execStart = Java) =>
        new TempTree().Write("etc/systemd/system/app.service", $"[Service]\nUser=app\n{lines}ExecStart={execStart}\nRestart=always\n");

    /// <summary>java's command line: the -D words before -jar (JVM options), the others after the jar (its arguments).</summary>
    private static string Command(string words)
    {
        var split = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var options = string.Concat(split.Where(w => w.StartsWith("-D", StringComparison.Ordinal)).Select(w => " " + w));
        var arguments = string.Concat(split.Where(w => !w.StartsWith("-D", StringComparison.Ordinal)).Select(w => " " + w));
        return $"/usr/bin/java -Xmx512m{options} -jar /opt/app/app.jar{arguments}";
    }

    private static string Unknowns(TempTree tree) => string.Join("; ", HostTrees.Model(tree).UnknownListeners.Select(u => u.Why));

    [Theory]
    // Files of the working folder: config/ over ./, .properties over .yml in one folder.
    [InlineData("opt/app/application.properties", "server.port=8081\n", "", "", "*:8081")]
    [InlineData("opt/app/application.properties", "server.port=8081\nserver.address=127.0.0.1\n", "", "", "127.0.0.1:8081")]
    [InlineData("opt/app/application.yml", "server:\n  port: 8082\n  address: 127.0.0.1\n", "", "", "127.0.0.1:8082")]
    [InlineData("opt/app/application.properties", "server.address=127.0.0.1\n", "", "", " (unknown)")]
    // Environment over files, system properties over the environment, arguments over system properties.
    [InlineData("opt/app/application.properties", "server.port=8081\n", "Environment=SERVER_PORT=8090\n", "", "*:8090")]
    [InlineData("opt/app/application.properties", "server.port=8081\n", "Environment=SERVER_PORT=8090\n", " -Dserver.port=8091", "*:8091")]
    [InlineData("opt/app/application.properties", "server.port=8081\n", "Environment=SERVER_PORT=8090\n", " -Dserver.port=8091 --server.port=8092", "*:8092")]
    // --server.port with its value as the next word: Spring takes only --key=value, so the port is an empty value.
    [InlineData("opt/app/application.properties", "server.port=8081\n", "", " --server.port 8092", " (unknown)")]
    [InlineData("opt/app/other.txt", "", "Environment=SERVER_PORT=8090\n", "", "*:8090")]
    [InlineData("opt/app/other.txt", "", "Environment=SPRING_PROFILES_ACTIVE=prod\n", "", " (unknown)")]
    [InlineData("opt/app/other.txt", "", "EnvironmentFile=/etc/default/app\n", " --server.port=8093", " (unknown)")]
    // Placeholders: resolved from the same sources; a default where an environment variable is not set.
    [InlineData("opt/app/application.properties", "server.port=${PORT:8085}\n", "", "", "*:8085")]
    [InlineData("opt/app/application.properties", "server.port=${PORT:8085}\n", "Environment=PORT=9000\n", "", "*:9000")]
    [InlineData("opt/app/application.properties", "server.port=${app.port}\n", "", "", " (unknown)")]
    [InlineData("opt/app/application.properties", "app.port=8086\nserver.port=${app.port}\n", "", "", "*:8086")]
    // Relaxed names.
    [InlineData("opt/app/application.properties", "SERVER.PORT=8087\nserver.ADDRESS: 127.0.0.1\n", "", "", "127.0.0.1:8087")]
    public void It_listens_where_the_highest_outside_source_says(string path, string content, string environment, string arguments, string expected)
    {
        using var tree = Unit($"WorkingDirectory=/opt/app\n{environment}", Command(arguments)).Write(path, content);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_port_set_only_inside_the_jar_is_unknown_not_8080()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n").Write("opt/app/application.properties", "spring.application.name=app\n");
        Assert.Equal(" (unknown)", Read(tree));
        Assert.Contains("server.port is set by no configuration outside the jar", Unknowns(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_files_beside_the_jar_are_not_read_where_it_runs_in_another_folder()
    {
        using var tree = Unit(string.Empty).Write("opt/app/application.properties", "server.port=8081\n");
        Assert.Equal(" (unknown)", Read(tree));
        Assert.Contains("/opt/app/application.properties beside the jar is not read", Unknowns(tree), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", " --spring.profiles.active=prod", "127.0.0.1:8081")]
    [InlineData("Environment=SPRING_PROFILES_ACTIVE=prod\n", "", "127.0.0.1:8081")]
    [InlineData("", " -Dspring.profiles.active=dev,prod", "127.0.0.1:8081")]
    [InlineData("", " -Dspring.profiles.active=dev", "127.0.0.1:8080")]
    [InlineData("", "", " (unknown)")]
    public void The_active_profiles_files_win_over_the_plain_ones(string environment, string arguments, string expected)
    {
        using var tree = Unit($"WorkingDirectory=/opt/app\n{environment}", Command(arguments))
            .Write("opt/app/application.properties", "server.port=8080\nserver.address=127.0.0.1\n")
            .Write("opt/app/config/application-prod.yml", "server:\n  port: 8081\n");
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_profile_set_in_the_outside_file_activates_its_profile_file()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n")
            .Write("opt/app/application.properties", "spring.profiles.active=prod\nserver.port=8080\n")
            .Write("opt/app/application-prod.properties", "server.port=8083\n");
        Assert.Equal("*:8083", Read(tree));
    }

    [Theory]
    [InlineData("prod", "*:8081")]
    [InlineData("dev", "*:8080")]
    public void A_multi_document_yaml_applies_the_documents_of_the_active_profiles(string profile, string expected)
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n", $"{Java} --spring.profiles.active={profile}")
            .Write("opt/app/application.yml", "server:\n  port: 8080\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  port: 8081\n");
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_document_of_a_profile_expression_is_not_guessed()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n", $"{Java} --spring.profiles.active=prod")
            .Write("opt/app/application.yml", "server:\n  port: 8080\n---\nspring.config.activate.on-profile: prod & eu\nserver.port: 8081\n");
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Fact]
    public void A_config_location_that_leaves_out_the_jar_gives_the_default_port()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n", "/usr/bin/java -Dspring.config.location=/etc/app/ -jar /opt/app/app.jar")
            .Write("etc/app/application.properties", "server.address=127.0.0.1\n")
            .Write("opt/app/application.properties", "server.port=9999\n");
        Assert.Equal("127.0.0.1:8080", Read(tree));
    }

    [Fact]
    public void An_additional_location_wins_over_the_working_folder()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\nEnvironment=SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/app/\n")
            .Write("etc/app/application.properties", "server.port=8084\n")
            .Write("opt/app/application.properties", "server.port=8081\n");
        Assert.Equal("*:8084", Read(tree));
    }

    [Fact]
    public void The_management_port_is_a_separate_server_and_the_context_path_is_read()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n").Write("opt/app/application.properties",
            "server.port=8081\nserver.address=127.0.0.1\nserver.servlet.context-path=/inventory/\nmanagement.server.port=8091\nmanagement.server.address=127.0.0.1\n");
        Assert.Equal("127.0.0.1:8081, 127.0.0.1:8091", Read(tree));
        var server = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>()).Server!;
        Assert.True(server.SeparateServers);
        Assert.Equal("/inventory", server.ContextPath?.Path);
    }

    [Theory]
    [InlineData("JAVA_OPTS=\"-Xmx512m -Dserver.port=8090\"\n", "", "127.0.0.1:8090")]
    [InlineData("JAVA_OPTS=-Xmx512m\nRUN_ARGS=\"--server.port=8091\"\n", "", "127.0.0.1:8091")]
    [InlineData("JAVA_OPTS=-Xmx512m\n", "Environment=SERVER_PORT=8092\n", "127.0.0.1:8092")]
    [InlineData("JAVA_OPTS=-Xmx512m\n", "", "127.0.0.1:8080")]
    [InlineData("JAVA_OPTS=\"$(cat /etc/app/opts)\"\n", "", " (unknown)")]
    [InlineData("if [ -f /etc/app/env ]; then . /etc/app/env; fi\n", "", " (unknown)")]
    public void A_fully_executable_jar_reads_its_conf_and_runs_in_its_folder(string conf, string environment, string expected)
    {
        // No WorkingDirectory=: the launch script changes to the jar's folder, where application.yml is.
        using var tree = Unit(environment, "/opt/billing/billing.jar")
            .Write("opt/billing/billing.conf", conf)
            .Write("opt/billing/application.yml", "server:\n  port: 8080\n  address: 127.0.0.1\n");
        Assert.Equal(expected, Read(tree));
    }

    [Theory]
    [InlineData("/opt/billing/billing.jar")]
    [InlineData("/usr/bin/java -jar /opt/app/app.jar --verbose")]
    public void A_jar_without_evidence_of_Spring_Boot_stays_an_unread_program(string execStart)
    {
        using var tree = Unit("WorkingDirectory=/opt/app\nEnvironment=JAVA_HOME=/usr/lib/jvm/default\n", execStart).Write("opt/billing/billing.conf", "JAVA_OPTS=-Xmx512m\n");
        var model = HostTrees.Model(tree);
        Assert.DoesNotContain(model.BackEndsOf<ServiceBackEnd>(), s => s.Server is not null);
        Assert.Contains(model.UnreadPrograms, p => p.Name == "app");
    }

    /// <summary>nginx still at the developers' 8080 while the prod profile moved the service to 8081: CL001, the
    /// listener shown at the profile file's line.</summary>
    [Fact]
    public void A_port_drift_against_the_profile_file_is_CL001()
    {
        using var tree = Unit("WorkingDirectory=/opt/app\n", $"{Java} --spring.profiles.active=prod")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "server {\n    listen 80;\n    server_name app.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8080;\n    }\n}\n")
            .Write("opt/app/application.properties", "server.port=8080\nserver.address=127.0.0.1\n")
            .Write("opt/app/config/application-prod.yml", "server:\n  port: 8081\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("sites-enabled/app:5:20: error CL001", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("opt/app/config/application-prod.yml:2:3: spring-boot in service 'app.service' listens here", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Spring Boot's own unit (no Restart=) once the service is a known back end nginx reaches: CL007.</summary>
    [Fact]
    public void The_installing_page_unit_reached_by_nginx_is_CL007()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nUser=app\nType=exec\nExecStart=/usr/bin/java -jar /opt/app/app.jar\nWorkingDirectory=/opt/app\nSuccessExitStatus=143\n")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "server {\n    listen 80;\n    server_name app.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8081;\n    }\n}\n")
            .Write("opt/app/application.properties", "server.port=8081\nserver.address=127.0.0.1\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL007");
        Assert.Contains("warning CL007", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("runs spring-boot", lint.Stdout, StringComparison.Ordinal);
    }
}
