using ConfLint.Tests.Support;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Units an enabled template instance pulls in through specifiers (precision round 42, Gerrit probe v28/v29):
/// <c>gerrit@main.service</c>, enabled by a link, has <c>Requires=gerrit@%i.socket</c>; systemd expands the specifiers of
/// unit names in dependency settings (unit_name_printf: <c>%i %j %n %N %p %%</c>), so it starts <c>gerrit@main.socket</c>,
/// which listens on <c>/run/gerrit/main.sock</c>, though no link names that socket. A site sent to another socket gets
/// nothing. A word with a specifier ConfLint cannot know (the host name) names no unit it can judge.
/// </summary>
public class InstanceDependencyTests
{
    private const string ApacheConf = "ServerRoot \"/etc/apache2\"\nPidFile /run/apache2/apache2.pid\nUser www-data\nGroup www-data\nErrorLog /var/log/apache2/error.log\n"
        + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
        + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n"
        + "Listen 80\nIncludeOptional /etc/apache2/sites-enabled/*.conf\n";

    private static string Site(string socket) =>
        $"<VirtualHost *:80>\n  ServerName review.example.com\n  ProxyPass / unix:{socket}|http://localhost/ nocanon\n  ProxyPassReverse / http://localhost/\n</VirtualHost>\n";

    private static string Service(string unit, string service = "") =>
        $"[Unit]\nDescription=Gerrit\n{unit}\n[Service]\nUser=gerrit\n{service}ExecStart=/usr/bin/java -jar /var/gerrit/bin/gerrit.war daemon -d /var/gerrit/%i\nStandardInput=socket\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Socket = "[Socket]\nListenStream=/run/gerrit/%i.sock\nSocketUser=gerrit\nSocketGroup=www-data\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n";

    private static TempTree Tree(string site, string service, bool socketLinked = false)
    {
        var tree = new TempTree()
            .Write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\ngerrit:x:998:998::/var/gerrit:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\ngerrit:x:998:\n")
            .Write("etc/apache2/apache2.conf", ApacheConf)
            .Write("etc/apache2/sites-enabled/gerrit.conf", site)
            .Write("etc/systemd/system/gerrit@.service", service)
            .Write("etc/systemd/system/gerrit@.socket", Socket)
            .Link("etc/systemd/system/multi-user.target.wants/gerrit@main.service", "/etc/systemd/system/gerrit@.service");
        if (socketLinked)
        {
            tree.Link("etc/systemd/system/sockets.target.wants/gerrit@main.socket", "/etc/systemd/system/gerrit@.socket");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001", "--verbose"]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    /// <summary>The instance's Requires= (and the other settings that pull a unit in) with %i, %n-derived words: the socket
    /// instance runs, and the site on another socket is the error; the control with a link to the socket gives the same.</summary>
    [Theory]
    [InlineData("Requires=gerrit@%i.socket\nAfter=gerrit@%i.socket\n", "", false)]
    [InlineData("Wants=%p@%i.socket\n", "", false)]
    [InlineData("BindsTo=gerrit@%i.socket\n", "", false)]
    [InlineData("", "Sockets=%p@%i.socket\n", false)]
    [InlineData("", "", true)]
    public void A_socket_instance_the_enabled_instance_pulls_in_listens(string unit, string service, bool socketLinked)
    {
        using var tree = Tree(Site("/run/gerrit/gerrit.sock"), Service(unit, service), socketLinked);
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] ProxyPass unix:/run/gerrit/gerrit.sock|http://localhost/: nothing on this host listens there (socket unit 'gerrit@main.socket' listens on /run/gerrit/main.sock)", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: the site on the instance's socket is fine.</summary>
    [Theory]
    [InlineData("Requires=gerrit@%i.socket\n", "")]
    [InlineData("", "Sockets=gerrit@%i.socket\n")]
    public void A_site_on_the_pulled_socket_instance_is_fine(string unit, string service)
    {
        using var tree = Tree(Site("/run/gerrit/main.sock"), Service(unit, service));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("did not judge", output, StringComparison.Ordinal);
    }

    /// <summary>A specifier ConfLint cannot know (%H, the host name) or one systemd refuses in a unit name (%I): no socket
    /// instance is known to run, and nothing is guessed.</summary>
    [Theory]
    [InlineData("Requires=gerrit@%H.socket\n")]
    [InlineData("Requires=gerrit@%I.socket\n")]
    public void A_word_with_an_unknown_specifier_names_no_unit(string unit)
    {
        using var tree = Tree(Site("/run/gerrit/gerrit.sock"), Service(unit));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gerrit@main.socket", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gerrit@%i.socket", "gerrit@main.service", "gerrit@main.socket", true)]
    [InlineData("%p-%j@%i.socket", "web-app@a.service", "web-app-app@a.socket", true)]
    [InlineData("%N.socket", "a@b.service", "a@b.socket", true)]
    [InlineData("%n.d %%", "a.service", "a.service.d %", true)]
    [InlineData("x@%I.socket", "a@b.service", "x@%I.socket", false)]
    [InlineData("x-%H.service", "a.service", "x-%H.service", false)]
    public void Specifiers_of_unit_names(string value, string unit, string expected, bool complete)
    {
        Assert.Equal(expected, UnitSpecifiers.ExpandName(value, unit, out var known));
        Assert.Equal(complete, known);
    }

    /// <summary>A template that names another instance of itself from its own name is dropped as systemd drops it
    /// (unit_is_likely_recursive_template_dependency), and a host-specific word may name a unit, which is then not known
    /// to be disabled.</summary>
    [Fact]
    public void Recursive_and_host_specific_words()
    {
        var recursive = Load("a@x.service", "[Unit]\nWants=a@%n.service a@%i.service b@%H.service b@%I.service\n");
        var pulled = UnitPulls.Of(recursive).ToList();
        Assert.Equal([null, "a@x.service", null, null], pulled.Select(p => p.Name));
        Assert.True(pulled[2].MayBe("b@web1.service", "a@x.service"));
        Assert.False(pulled[2].MayBe("c@web1.service", "a@x.service"));
        Assert.False(pulled[3].MayBe("b@web1.service", "a@x.service"));
    }

    private static MergedUnit Load(string name, string text)
    {
        using var tree = new TempTree().Write("etc/systemd/system/a@.service", text);
        var fs = new ConfLint.Workspace.RootedFileSystem(tree.Root);
        var files = new UnitResolver(fs).Find(name)!;
        return MergedUnit.Load(fs, files);
    }
}
