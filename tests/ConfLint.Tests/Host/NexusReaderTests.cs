using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Sonatype Nexus Repository 3 read as its launcher and nexus-bootstrap read their settings: the unit's
/// <c>/opt/nexus/bin/nexus start</c> through the link to the install folder, <c>bin/nexus.vmoptions</c> (and
/// <c>INSTALL4J_ADD_VM_PARAMS</c> before it) for the system properties and <c>karaf.data</c>, the install folder's
/// <c>etc/nexus-default.properties</c> under the data folder's <c>etc/nexus.properties</c> under <c>-D</c> properties;
/// Jetty's HTTP connector, and the HTTPS one where <c>nexus-args</c> names <c>jetty-https.xml</c>. What cannot be read
/// leaves the address unknown.</summary>
public class NexusReaderTests
{
    private const string Defaults = "## DO NOT EDIT - CUSTOMIZATIONS BELONG IN $data-dir/etc/nexus.properties\n##\n# Jetty section\napplication-port=8081\napplication-host=0.0.0.0\nnexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-http.xml,${jetty.etc}/jetty-requestlog.xml\nnexus-context-path=/\n\n# Nexus section\nnexus-edition=nexus-oss-edition\nnexus-features=\\\n nexus-oss-feature\n";

    /// <summary>What Nexus writes in the data folder on its first start: every line of the defaults file commented out.</summary>
    private const string FirstStart = "# Jetty section\n# application-port=8081\n# application-host=0.0.0.0\n# nexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-http.xml,${jetty.etc}/jetty-requestlog.xml\n# nexus-context-path=/\n\n# Nexus section\n# nexus-edition=nexus-oss-edition\n";

    private const string VmOptions = "-Xms2703m\n-Xmx2703m\n-XX:MaxDirectMemorySize=2703m\n-Djava.net.preferIPv4Stack=true\n-Dkaraf.home=.\n-Dkaraf.base=.\n-Dkaraf.etc=etc/karaf\n-Dkaraf.data=../sonatype-work/nexus3\n-Dkaraf.log=../sonatype-work/nexus3/log\n-Djava.io.tmpdir=../sonatype-work/nexus3/tmp\n";

    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree);

    private static string Unknowns(TempTree tree) => string.Join("; ", HostTrees.Model(tree).UnknownListeners.Select(u => u.Why));

    /// <summary>Sonatype's unit and an archive unpacked in /opt beside its data folder, reached through /opt/nexus.</summary>
    private static TempTree Install(string? properties = FirstStart, string vmoptions = VmOptions, string unit = "", string defaults = Defaults, string version = "3.70.1-02")
    {
        var tree = new TempTree()
            .Write("etc/systemd/system/nexus.service", $"[Unit]\nDescription=nexus service\nAfter=network.target\n\n[Service]\nType=forking\nLimitNOFILE=65536\n{unit}ExecStart=/opt/nexus/bin/nexus start\nExecStop=/opt/nexus/bin/nexus stop\nUser=nexus\nRestart=on-abort\nTimeoutSec=600\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write($"opt/nexus-{version}/bin/nexus.vmoptions", vmoptions)
            .Write($"opt/nexus-{version}/bin/nexus.rc", "run_as_user=\"nexus\"\n")
            .Write($"opt/nexus-{version}/etc/nexus-default.properties", defaults)
            .Link("opt/nexus", $"/opt/nexus-{version}");
        return properties is null ? tree : tree.Write("opt/sonatype-work/nexus3/etc/nexus.properties", properties);
    }

    [Fact]
    public void With_every_default_commented_out_it_listens_on_the_install_folders_defaults()
    {
        using var tree = Install();
        Assert.Equal("0.0.0.0:8081", Read(tree));
        var service = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>());
        Assert.Equal("nexus", service.Server!.Program);
        var listener = Assert.Single(service.Listeners);
        Assert.Equal(TlsFact.No, listener.Tls);
        Assert.Equal("opt/nexus-3.70.1-02/etc/nexus-default.properties", listener.Location.Path);
        Assert.Null(service.Server.ContextPath);
    }

    [Theory]
    [InlineData("application-port=8090\n", "0.0.0.0:8090")]
    [InlineData("application-host=127.0.0.1\n", "127.0.0.1:8081")]
    [InlineData("application-port : 8091\napplication-host 127.0.0.1\n", "127.0.0.1:8091")]
    [InlineData("application-port=8090\napplication-port=8092\n", "0.0.0.0:8092")]
    // Comments, as Nexus writes them on its first start and as java.util.Properties reads them.
    [InlineData("# application-port=8086\n", "0.0.0.0:8081")]
    [InlineData("   # application-port=8086\n!application-host=127.0.0.1\n", "0.0.0.0:8081")]
    // Interpolation from the settings themselves.
    [InlineData("my-port=8093\napplication-port=${my-port}\n", "0.0.0.0:8093")]
    public void The_data_folders_nexus_properties_wins_over_the_defaults_and_its_comments_set_nothing(string properties, string expected)
    {
        using var tree = Install(FirstStart + properties);
        Assert.Equal(expected, Read(tree));
    }

    [Theory]
    // A -D line of nexus.vmoptions wins over both files.
    [InlineData("-Dapplication-port=8095\n", "", "0.0.0.0:8095")]
    [InlineData("-Dapplication-host=127.0.0.1\n", "", "127.0.0.1:8090")]
    // INSTALL4J_ADD_VM_PARAMS from the unit's environment too.
    [InlineData("", "Environment=\"INSTALL4J_ADD_VM_PARAMS=-Xms1g -Dapplication-port=8096\"\n", "0.0.0.0:8096")]
    // Both: install4j puts the options file's lines after INSTALL4J_ADD_VM_PARAMS, and java keeps the last.
    [InlineData("-Dapplication-port=8095\n", "Environment=\"INSTALL4J_ADD_VM_PARAMS=-Dapplication-port=8096\"\n", "0.0.0.0:8095")]
    // A commented option line sets nothing.
    [InlineData("#-Dapplication-port=8095\n", "", "0.0.0.0:8090")]
    // A system property replaces only a key a file has: application-port-ssl alone adds no HTTPS connector.
    [InlineData("-Dapplication-port-ssl=8443\n", "", "0.0.0.0:8090")]
    public void A_system_property_wins_over_both_files(string options, string unit, string expected)
    {
        using var tree = Install(FirstStart + "application-port=8090\n", VmOptions + options, unit);
        Assert.Equal(expected, Read(tree));
    }

    /// <summary>The corpus root's history in small: the previous install folder, kept for a rollback, has the port nginx
    /// names; /opt/nexus links to the new one, which is what runs.</summary>
    [Fact]
    public void The_launcher_is_followed_through_the_link_to_the_install_folder_in_use()
    {
        using var tree = Install(FirstStart.Replace("8081", "8086", StringComparison.Ordinal) + "application-host=127.0.0.1\n")
            .Write("opt/nexus-3.69.0-02/bin/nexus.vmoptions", VmOptions)
            .Write("opt/nexus-3.69.0-02/etc/nexus-default.properties", Defaults.Replace("8081", "8086", StringComparison.Ordinal));
        Assert.Equal("127.0.0.1:8081", Read(tree));
        var server = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>()).Server!;
        Assert.Equal("/opt/nexus-3.70.1-02", server.WorkingDirectory);
        // The commented default records the port Nexus listened on before; Nexus may listen on more (its repositories'
        // connectors) on application-host.
        var former = Assert.Single(server.FormerPorts);
        Assert.Equal(8086, former.Port);
        Assert.Equal(2, former.Location.Start.Line);
        Assert.Equal("127.0.0.1", server.MoreListeners!.Value.Host);
    }

    [Fact]
    public void An_absolute_data_folder_and_a_launcher_named_by_the_install_folder_itself()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/nexus.service", "[Service]\nType=simple\nExecStart=/srv/nexus/bin/nexus run\nUser=nexus\nRestart=always\n")
            .Write("srv/nexus/bin/nexus.vmoptions", VmOptions.Replace("-Dkaraf.data=../sonatype-work/nexus3", "-Dkaraf.data=/var/lib/nexus", StringComparison.Ordinal))
            .Write("srv/nexus/etc/nexus-default.properties", Defaults)
            .Write("var/lib/nexus/etc/nexus.properties", "application-port=8181\nnexus-context-path=/nexus/\n");
        Assert.Equal("0.0.0.0:8181", Read(tree));
        var server = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>()).Server!;
        Assert.Equal("/nexus", server.ContextPath!.Value.Path);
    }

    [Fact]
    public void Jetty_https_in_nexus_args_adds_a_TLS_connector_on_application_port_ssl()
    {
        using var tree = Install(FirstStart + "application-port-ssl=8443\nnexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-http.xml,${jetty.etc}/jetty-https.xml,${jetty.etc}/jetty-requestlog.xml\napplication-host=127.0.0.1\n");
        Assert.Equal("127.0.0.1:8081, 127.0.0.1:8443", Read(tree));
        var listeners = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>()).Listeners;
        Assert.Equal([TlsFact.No, TlsFact.Yes], listeners.Select(l => l.Tls));

        // HTTPS alone: nexus-args without jetty-http.xml.
        using var onlyTls = Install(FirstStart + "application-port-ssl=8443\nnexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-https.xml\n");
        Assert.Equal("0.0.0.0:8443", Read(onlyTls));
    }

    [Theory]
    [InlineData("application-port-ssl=8443\nnexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-https.xml\n", "-Dkaraf.data=../elsewhere\n", "Nexus's data folder /opt/elsewhere")]
    [InlineData("application-port=${NEXUS_PORT}\n", "", "${NEXUS_PORT} in Nexus's settings is not known here")]
    [InlineData("nexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-http.xml,${karaf.etc}/my-connectors.xml\n", "", "my-connectors.xml, a file ConfLint does not read")]
    [InlineData("nexus-args=${jetty.etc}/jetty.xml,${jetty.etc}/jetty-https.xml\n", "", "application-port-ssl is set in no file Nexus reads")]
    [InlineData("application-port=0\n", "", "a free port chosen at each start")]
    [InlineData("", "-include-options /etc/nexus/extra.vmoptions\n", "includes another options file")]
    public void What_cannot_be_read_leaves_the_address_unknown(string properties, string options, string why)
    {
        using var tree = Install(FirstStart + properties, VmOptions + options);
        Assert.Equal(" (unknown)", Read(tree));
        Assert.Contains(why, Unknowns(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_folder_options_file_or_environment_file_leaves_the_address_unknown()
    {
        using var noData = Install(properties: null);
        Assert.Equal(" (unknown)", Read(noData));
        Assert.Contains("Nexus's data folder /opt/sonatype-work/nexus3 (karaf.data: -Dkaraf.data=../sonatype-work/nexus3 in /opt/nexus-3.70.1-02/bin/nexus.vmoptions) is not in the root", Unknowns(noData), StringComparison.Ordinal);

        using var noOptions = Install();
        File.Delete(noOptions.Path("opt/nexus-3.70.1-02/bin/nexus.vmoptions"));
        Assert.Equal(" (unknown)", Read(noOptions));
        Assert.Contains("Nexus's launcher reads /opt/nexus-3.70.1-02/bin/nexus.vmoptions, which is not in the root", Unknowns(noOptions), StringComparison.Ordinal);

        using var environmentFile = Install(unit: "EnvironmentFile=/etc/default/nexus\n");
        Assert.Equal(" (unknown)", Read(environmentFile));
        Assert.Contains("INSTALL4J_ADD_VM_PARAMS", Unknowns(environmentFile), StringComparison.Ordinal);
    }

    [Theory]
    // Another program named nexus: no install folder of Sonatype's around it.
    [InlineData("/usr/local/bin/nexus start", false)]
    // The launcher's commands that do not run Nexus.
    [InlineData("/opt/nexus/bin/nexus status", false)]
    [InlineData("/opt/nexus/bin/nexus run", true)]
    public void Only_Nexus_launcher_running_Nexus_is_read_as_Nexus(string execStart, bool read)
    {
        using var tree = Install();
        tree.Write("etc/systemd/system/nexus.service", $"[Service]\nExecStart={execStart}\nUser=nexus\n");
        var model = HostTrees.Model(tree);
        Assert.Equal(read, model.BackEndsOf<ServiceBackEnd>().Any(s => s.Server?.Program == "nexus"));
        Assert.Equal(!read, model.UnreadPrograms.Any(p => p.Name == "nexus"));
    }
}
