using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>n8n listens on N8N_PORT (5678) at N8N_LISTEN_ADDRESS (::), never on PORT; MinIO's S3 API on --address or
/// MINIO_ADDRESS (:9000) and its console on --console-address or MINIO_CONSOLE_ADDRESS (a random port without one);
/// notify_push on --socket-path/SOCKET_PATH, else --port over PORT over 7867 at --bind/BIND (::). A node script of an
/// installed package ConfLint does not read leaves the address unknown whatever PORT says.</summary>
public class N8nMinioNotifyPushReaderTests
{
    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree, sorted: true);

    private static TempTree Unit(string name, string lines, string execStart) =>
        new TempTree().Write($"etc/systemd/system/{name}.service", $"[Service]\n{lines}ExecStart={execStart}\nRestart=always\n");

    [Theory]
    [InlineData("", "/usr/bin/n8n start", "[::]:5678")]
    [InlineData("", "/usr/bin/n8n", "[::]:5678")]
    [InlineData("Environment=N8N_PORT=5680\n", "/usr/bin/n8n start", "[::]:5680")]
    [InlineData("Environment=N8N_PORT=5690 N8N_LISTEN_ADDRESS=127.0.0.1\n", "/usr/bin/node /usr/lib/node_modules/n8n/bin/n8n start", "127.0.0.1:5690")]
    [InlineData("Environment=PORT=3000\n", "/usr/bin/n8n start", "[::]:5678")]
    [InlineData("Environment=PORT=3000\n", "/usr/bin/node /usr/lib/node_modules/n8n/bin/n8n start", "[::]:5678")]
    [InlineData("Environment=N8N_PORT=5678\n", "/usr/bin/n8n webhook", "[::]:5678")]
    [InlineData("Environment=N8N_PORT=5678\n", "/usr/bin/n8n worker", " (unknown)")]
    [InlineData("Environment=N8N_CONFIG_FILES=/etc/n8n/config.json\n", "/usr/bin/n8n start", " (unknown)")]
    [InlineData("Environment=N8N_PORT_FILE=/run/secrets/port\n", "/usr/bin/n8n start", " (unknown)")]
    [InlineData("Environment=N8N_LISTEN_ADDRESS=n8n.internal\n", "/usr/bin/n8n start", "n8n.internal:5678")]
    [InlineData("Environment=N8N_PORT=n8n\n", "/usr/bin/n8n start", " (unknown)")]
    public void N8n_listens_on_N8N_PORT_at_N8N_LISTEN_ADDRESS(string environment, string command, string expected)
    {
        using var tree = Unit("n8n", "User=n8n\nWorkingDirectory=/var/lib/n8n\n" + environment, command);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void N8n_takes_the_environment_file_over_Environment_as_systemd_does()
    {
        using var tree = Unit("n8n", "WorkingDirectory=/var/lib/n8n\nEnvironment=N8N_PORT=5678\nEnvironment=N8N_LISTEN_ADDRESS=127.0.0.1\nEnvironmentFile=/etc/n8n/n8n.env\n", "/usr/bin/n8n start")
            .Write("etc/n8n/n8n.env", "N8N_PORT=5680\n");
        Assert.Equal("127.0.0.1:5680", Read(tree));
    }

    [Fact]
    public void A_dotenv_in_n8ns_working_folder_leaves_what_the_unit_does_not_set_unknown()
    {
        using var unset = Unit("n8n", "WorkingDirectory=/var/lib/n8n\n", "/usr/bin/n8n start").Write("var/lib/n8n/.env", "N8N_PORT=5699\n");
        Assert.Equal(" (unknown)", Read(unset));

        // dotenv never replaces a variable already set.
        using var set = Unit("n8n", "WorkingDirectory=/var/lib/n8n\nEnvironment=N8N_PORT=5680 N8N_LISTEN_ADDRESS=::1\n", "/usr/bin/n8n start").Write("var/lib/n8n/.env", "N8N_PORT=5699\n");
        Assert.Equal("[::1]:5680", Read(set));
    }

    [Fact]
    public void N8n_through_a_usr_bin_link_run_by_node_is_n8n()
    {
        using var tree = Unit("n8n", "WorkingDirectory=/var/lib/n8n\nEnvironment=PORT=3000 N8N_PORT=5681\n", "/usr/bin/node /usr/bin/n8n start")
            .Write("usr/lib/node_modules/n8n/bin/n8n", "#!/usr/bin/env node\nrequire('../dist/index');\n")
            .Link("usr/bin/n8n", "../lib/node_modules/n8n/bin/n8n");
        Assert.Equal("[::]:5681", Read(tree));
    }

    [Theory]
    [InlineData("/usr/bin/node /usr/lib/node_modules/flowtool/bin/flowtool serve")]
    [InlineData("/usr/bin/node /usr/lib/node_modules/@acme/board/bin/board.js")]
    [InlineData("/usr/bin/node /opt/app/node_modules/.bin/serve")]
    [InlineData("/usr/bin/node /usr/lib/node_modules/flowtool/bin/flowtool --port 3000")]
    public void A_node_script_of_an_installed_package_ConfLint_does_not_read_is_unknown_whatever_PORT_says(string command)
    {
        using var tree = Unit("app", "WorkingDirectory=/var/lib/app\nEnvironment=PORT=3000\n", command);
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Fact]
    public void A_usr_bin_link_into_an_installed_package_is_the_packages_script()
    {
        using var tree = Unit("app", "WorkingDirectory=/var/lib/app\nEnvironment=PORT=3000\n", "/usr/bin/node /usr/bin/flowtool")
            .Write("usr/lib/node_modules/flowtool/bin/flowtool", "#!/usr/bin/env node\nrequire('../lib/cli');\n")
            .Link("usr/bin/flowtool", "../lib/node_modules/flowtool/bin/flowtool");
        Assert.Equal(" (unknown)", Read(tree));

        // The application's own script still follows the PORT convention.
        using var own = Unit("app", "WorkingDirectory=/srv/app\nEnvironment=PORT=3000\n", "/usr/bin/node /srv/app/server.js");
        Assert.Equal("0.0.0.0:3000", Read(own));
    }

    [Theory]
    [InlineData("", "server /mnt/data", "[::]:9000 (unknown)")]
    [InlineData("", "server --address :9000 --console-address :9001 /mnt/data", "[::]:9000, [::]:9001")]
    [InlineData("", "server --address=127.0.0.1:9100 --console-address=127.0.0.1:9101 /mnt/data", "127.0.0.1:9100, 127.0.0.1:9101")]
    [InlineData("", "--certs-dir /etc/minio/certs server --console-address [::1]:9001 /mnt/data", "[::1]:9001, [::]:9000")]
    [InlineData("Environment=MINIO_ADDRESS=:9200 MINIO_CONSOLE_ADDRESS=:9201\n", "server /mnt/data", "[::]:9200, [::]:9201")]
    [InlineData("Environment=MINIO_ADDRESS=:9200 MINIO_CONSOLE_ADDRESS=:9201\n", "server --address :9000 --console-address :9001 /mnt/data", "[::]:9000, [::]:9001")]
    [InlineData("Environment=MINIO_BROWSER=off\n", "server /mnt/data", "[::]:9000")]
    [InlineData("", "server --config /etc/minio/config.yaml", " (unknown)")]
    [InlineData("", "server --address minio.internal:9000 --console-address :9001 /mnt/data", "[::]:9001, minio.internal:9000")]
    [InlineData("", "server --address :0 --console-address :9001 /mnt/data", "[::]:9001 (unknown)")]
    [InlineData("", "gateway nas /mnt/data", " (unknown)")]
    public void Minio_listens_on_its_address_and_console_address(string environment, string arguments, string expected)
    {
        using var tree = Unit("minio", "User=minio-user\n" + environment, "/usr/local/bin/minio " + arguments);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Minio_options_left_in_one_word_or_an_unknown_variable_are_not_read()
    {
        // Words as systemd gives them: several options in one word would be one argument to MinIO.
        using var oneWord = Unit("minio", "EnvironmentFile=/etc/default/minio\n", "/usr/local/bin/minio server ${MINIO_OPTS} $MINIO_VOLUMES")
            .Write("etc/default/minio", "MINIO_VOLUMES=\"/mnt/data\"\nMINIO_OPTS=\"--address :9000 --console-address :9001\"\n");
        Assert.Equal(" (unknown)", Read(oneWord));

        using var unknown = Unit("minio", "EnvironmentFile=/etc/default/missing\n", "/usr/local/bin/minio server $MINIO_OPTS /mnt/data");
        Assert.Equal(" (unknown)", Read(unknown));
    }

    private const string NotifyPush = "/var/www/nextcloud/apps/notify_push/bin/x86_64/notify_push";

    [Theory]
    [InlineData("", "", "[::]:7867")]
    [InlineData("Environment=PORT=7868\n", "", "[::]:7868")]
    [InlineData("Environment=PORT=7868\n", "--port 7870 ", "[::]:7870")]
    [InlineData("Environment=PORT=7868\n", "-p 7871 ", "[::]:7871")]
    [InlineData("Environment=BIND=127.0.0.1\n", "", "127.0.0.1:7867")]
    [InlineData("Environment=BIND=0.0.0.0\n", "--bind 127.0.0.1 ", "127.0.0.1:7867")]
    [InlineData("Environment=SOCKET_PATH=/run/notify_push/notify_push.sock PORT=7868\n", "", "unix:/run/notify_push/notify_push.sock")]
    [InlineData("", "--socket-path /run/notify_push.sock --port 7868 ", "unix:/run/notify_push.sock")]
    [InlineData("Environment=METRICS_PORT=9867\n", "", "[::]:7867, [::]:9867")]
    [InlineData("Environment=PORT=push\n", "", " (unknown)")]
    [InlineData("Environment=BIND=localhost\n", "", " (unknown)")]
    [InlineData("EnvironmentFile=/etc/default/missing\n", "", " (unknown)")]
    public void Notify_push_listens_where_its_options_and_environment_say(string environment, string options, string expected)
    {
        using var tree = Unit("notify_push", "User=www-data\n" + environment, $"{NotifyPush} {options}/var/www/nextcloud/config/config.php");
        Assert.Equal(expected, Read(tree));
    }
}
