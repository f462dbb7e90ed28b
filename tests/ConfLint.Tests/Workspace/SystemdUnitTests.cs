using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Tests.Workspace;

public sealed class SystemdUnitTests : IDisposable
{
    private const string Etc = "/etc/systemd/system";
    private const string Run = "/run/systemd/system";
    private const string Lib = "/lib/systemd/system";
    private const string UsrLib = "/usr/lib/systemd/system";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("conflint-units-");

    public void Dispose() => _root.Delete(recursive: true);

    private RootedFileSystem FileSystem => new(_root.FullName);

    private UnitResolver Resolver => new(FileSystem);

    private void Write(string serverPath, string text = "[Unit]\nDescription=x\n")
    {
        var host = _root.FullName + serverPath;
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.WriteAllText(host, text);
    }

    private void Link(string serverPath, string target)
    {
        var host = _root.FullName + serverPath;
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.CreateSymbolicLink(host, target);
    }

    private UnitFileSet Find(string name) => Resolver.Find(name) ?? throw new InvalidOperationException($"{name} not found");

    [Fact]
    public void The_first_search_folder_that_holds_a_name_wins()
    {
        Write($"{UsrLib}/web.service");
        Write($"{Lib}/web.service");
        Write($"{Run}/web.service");
        Write($"{Etc}/web.service");
        var unit = Find("web.service");
        Assert.Equal($"{Etc}/web.service", unit.Path);
        Assert.Equal($"{Etc}/web.service", unit.MainPath);
        Assert.False(unit.IsMasked);
        Assert.Equal([$"{Etc}/web.service"], unit.Files);
        Write($"{Run}/api.service");
        Write($"{Lib}/api.service");
        Assert.Equal($"{Run}/api.service", Find("api.service").Path);
    }

    [Fact]
    public void On_a_merged_usr_root_lib_is_read_once_and_units_are_not_listed_twice()
    {
        Directory.CreateDirectory(_root.FullName + "/usr/lib");
        Link("/lib", "usr/lib");
        Write($"{UsrLib}/web.service");
        Write($"{UsrLib}/web.service.d/override.conf", "[Service]\nRestart=always\n");
        var resolver = Resolver;
        Assert.Equal([Lib], resolver.SearchPath);
        var unit = Assert.Single(resolver.Units());
        Assert.Equal("web.service", unit.Name);
        Assert.Equal($"{Lib}/web.service", unit.Path);
        Assert.Equal($"{UsrLib}/web.service", unit.MainPath);
        Assert.Equal([$"{Lib}/web.service.d/override.conf"], unit.DropIns);
    }

    [Fact]
    public void A_link_to_dev_null_or_an_empty_file_masks_the_unit()
    {
        Write($"{Lib}/web.service");
        Link($"{Etc}/web.service", "/dev/null");
        Write($"{Lib}/web.service.d/x.conf");
        var masked = Find("web.service");
        Assert.True(masked.IsMasked);
        Assert.Equal("/dev/null", masked.MainPath);
        Assert.Equal($"{Etc}/web.service", masked.Path);
        Assert.Empty(masked.Files);

        Write($"{Lib}/empty.service", string.Empty);
        Assert.True(Find("empty.service").IsMasked);
        Write($"{Lib}/full.service");
        Assert.False(Find("full.service").IsMasked);
    }

    [Fact]
    public void An_alias_link_names_the_unit_it_points_to_and_is_listed_under_it()
    {
        Write($"{Lib}/systemd-timesyncd.service");
        Link($"{Etc}/dbus-org.freedesktop.timesync1.service", $"{Lib}/systemd-timesyncd.service");
        Link($"{Etc}/ntp.service", "systemd-timesyncd.service");
        Write($"{Etc}/ntp.service.d/alias.conf", "[Service]\nRestart=always\n");
        var unit = Find("dbus-org.freedesktop.timesync1.service");
        Assert.Equal("systemd-timesyncd.service", unit.Name);
        Assert.Equal($"{Lib}/systemd-timesyncd.service", unit.MainPath);
        Assert.Equal(["dbus-org.freedesktop.timesync1.service", "ntp.service"], unit.Aliases);
        Assert.Equal([$"{Etc}/ntp.service.d/alias.conf"], unit.DropIns);
        var listed = Assert.Single(Resolver.Units());
        Assert.Equal((unit.Name, unit.MainPath), (listed.Name, listed.MainPath));
        Assert.Equal(unit.Aliases, listed.Aliases);
    }

    [Fact]
    public void An_alias_follows_the_target_name_not_the_target_path()
    {
        Write($"{Lib}/web.service");
        Write($"{Etc}/web.service", "[Service]\nExecStart=/usr/bin/web --local\n");
        Link($"{Etc}/www.service", $"{Lib}/web.service");
        Assert.Equal($"{Etc}/web.service", Find("www.service").MainPath);
    }

    [Fact]
    public void A_link_to_its_own_name_is_ignored_and_a_link_out_of_the_search_path_is_a_linked_unit()
    {
        Write($"{Lib}/web.service");
        Link($"{Etc}/web.service", $"{Lib}/web.service");
        Assert.Equal($"{Lib}/web.service", Find("web.service").Path);

        Write("/opt/ext/unit-file", "[Service]\nExecStart=/opt/ext/run\n");
        Link($"{Etc}/ext.service", "/opt/ext/unit-file");
        var linked = Find("ext.service");
        Assert.Equal("ext.service", linked.Name);
        Assert.Equal($"{Etc}/ext.service", linked.Path);
        Assert.Equal("/opt/ext/unit-file", linked.MainPath);
        Assert.Empty(linked.Aliases);
    }

    [Fact]
    public void Aliases_of_another_type_or_a_template_for_a_plain_name_are_not_aliases()
    {
        Write($"{Lib}/web.service");
        Write($"{Lib}/getty@.service");
        Link($"{Etc}/web.socket", $"{Lib}/web.service");
        Link($"{Etc}/tty.service", $"{Lib}/getty@.service");
        Assert.Null(Resolver.Find("web.socket"));
        Assert.Null(Resolver.Find("tty.service"));
    }

    [Fact]
    public void An_instance_uses_its_template_unless_it_has_a_file_of_its_own()
    {
        Write($"{Lib}/getty@.service", "[Service]\nExecStart=-/sbin/agetty %I\n");
        Write($"{Etc}/getty@tty2.service");
        Write($"{Lib}/getty@.service.d/template.conf");
        Write($"{Etc}/getty@tty1.service.d/instance.conf");
        var tty1 = Find("getty@tty1.service");
        Assert.Equal("getty@tty1.service", tty1.Name);
        Assert.Equal("getty@.service", tty1.Template);
        Assert.Equal($"{Lib}/getty@.service", tty1.MainPath);
        Assert.Equal([$"{Etc}/getty@tty1.service.d/instance.conf", $"{Lib}/getty@.service.d/template.conf"], tty1.DropIns);
        var tty2 = Find("getty@tty2.service");
        Assert.Null(tty2.Template);
        Assert.Equal($"{Etc}/getty@tty2.service", tty2.MainPath);
        Assert.Equal([$"{Lib}/getty@.service.d/template.conf"], tty2.DropIns);
        Assert.True(Find("getty@.service").IsTemplate);
        Assert.Null(Resolver.Find("other@tty1.service"));
    }

    [Fact]
    public void A_template_alias_gives_the_instance_of_the_target_template()
    {
        Write($"{Lib}/getty@.service");
        Link($"{Etc}/console@.service", "getty@.service");
        Write($"{Etc}/console@tty3.service.d/c.conf");
        var unit = Find("console@tty3.service");
        Assert.Equal("getty@tty3.service", unit.Name);
        Assert.Equal("getty@.service", unit.Template);
        Assert.Equal(["console@tty3.service"], unit.Aliases);
        Assert.Equal([$"{Etc}/console@tty3.service.d/c.conf"], unit.DropIns);
    }

    [Fact]
    public void Drop_ins_from_every_folder_are_applied_by_file_name_and_a_higher_folder_overrides_the_same_name()
    {
        Write($"{Lib}/web.service");
        Write($"{Lib}/web.service.d/10-limits.conf");
        Write($"{Etc}/web.service.d/10-limits.conf");
        Write($"{Run}/web.service.d/20-runtime.conf");
        Write($"{Lib}/web.service.d/30-vendor.conf");
        Write($"{Lib}/web.service.d/05-vendor.conf");
        Link($"{Etc}/web.service.d/05-vendor.conf", "/dev/null");
        Write($"{Etc}/web.service.d/.hidden.conf");
        Write($"{Etc}/web.service.d/README");
        Write($"{Etc}/web.service.d/40-old.conf.bak");
        Assert.Equal(
            [$"{Etc}/web.service.d/10-limits.conf", $"{Run}/web.service.d/20-runtime.conf", $"{Lib}/web.service.d/30-vendor.conf"],
            Find("web.service").DropIns);
    }

    [Fact]
    public void Dash_prefix_and_type_drop_ins_apply_with_the_more_specific_winning_a_shared_name()
    {
        Write($"{Lib}/foo-bar-baz.service");
        Write($"{Lib}/foo-.service.d/10-common.conf");
        Write($"{Lib}/foo-bar-.service.d/10-common.conf");
        Write($"{Lib}/foo-.service.d/20-prefix.conf");
        Write($"{Etc}/service.d/00-all.conf");
        Write($"{Etc}/service.d/20-prefix.conf");
        Write($"{Lib}/socket.d/00-sockets.conf");
        Assert.Equal(["foo-bar-baz.service", "foo-bar-.service", "foo-.service"], UnitNames.DropInNames("foo-bar-baz.service"));
        Assert.Equal(
            [$"{Etc}/service.d/00-all.conf", $"{Lib}/foo-bar-.service.d/10-common.conf", $"{Lib}/foo-.service.d/20-prefix.conf"],
            Find("foo-bar-baz.service").DropIns);
    }

    [Fact]
    public void Drop_in_names_follow_systemds_recursion_for_instances_and_dashes()
    {
        Assert.Equal(["foo-bar@inst.service", "foo-bar@.service", "foo-.service", "foo-@inst.service", "foo-@.service"],
            UnitNames.DropInNames("foo-bar@inst.service"));
        Assert.Equal(["-foo.service"], UnitNames.DropInNames("-foo.service"));
        Assert.Equal(["a--.mount", "a-.mount"], UnitNames.DropInNames("a--.mount"));
    }

    [Theory]
    [InlineData("web.service", true)]
    [InlineData("getty@.service", true)]
    [InlineData("getty@tty1.service", true)]
    [InlineData("dev-sda1.device", true)]
    [InlineData("a@b@c.service", true)]
    [InlineData("@x.service", false)]
    [InlineData("web.conf", false)]
    [InlineData("web", false)]
    [InlineData(".service", false)]
    [InlineData("we b.service", false)]
    public void Unit_names_are_validated_as_systemd_does(string name, bool valid)
    {
        Assert.Equal(valid, UnitNames.IsValid(name));
    }

    [Fact]
    public void Only_valid_unit_names_are_units_and_folders_are_skipped()
    {
        Write($"{Lib}/web.service");
        Write($"{Lib}/notes.txt");
        Write($"{Lib}/web.service.bak");
        Directory.CreateDirectory(_root.FullName + $"{Lib}/multi-user.target.wants");
        Directory.CreateDirectory(_root.FullName + $"{Lib}/dir.service");
        Assert.Equal(["web.service"], Resolver.Units().Select(u => u.Name));
    }

    [Fact]
    public void A_merged_unit_resets_lists_on_an_empty_assignment_and_takes_the_last_single_value()
    {
        Write($"{Lib}/web.service", """
            Restart=ignored-outside-any-section
            [Unit]
            After=network.target
            [Service]
            ExecStart=/usr/bin/web --port 8000
            Restart=no
            Environment=A=1
            User=web
            """);
        Write($"{Etc}/web.service.d/override.conf", """
            [Unit]
            After=postgresql.service
            [Service]
            ExecStart=
            ExecStart=/usr/bin/web \
                --port 9000
            Restart=on-failure
            User=
            """);
        var unit = MergedUnit.Load(FileSystem, Find("web.service"));
        Assert.Empty(unit.Errors);
        Assert.Equal(2, unit.Sources.Count);

        var exec = Assert.Single(unit.Effective("Service", "ExecStart"));
        Assert.Equal("/usr/bin/web      --port 9000", exec.Value);
        Assert.Equal("etc/systemd/system/web.service.d/override.conf", exec.Tree.Path);
        Assert.Equal(5, exec.Position.Line);
        Assert.Equal(3, unit.Assignments("Service", "ExecStart").Count);

        Assert.Equal(["network.target", "postgresql.service"], unit.GetAll("Unit", "After"));
        Assert.Equal("on-failure", unit.Get("Service", "Restart"));
        Assert.Equal("etc/systemd/system/web.service.d/override.conf", unit.EffectiveEntry("Service", "Restart")!.Tree.Path);
        Assert.Null(unit.Get("Service", "User"));
        Assert.Equal(["A=1"], unit.GetAll("Service", "Environment"));
        Assert.Equal("lib/systemd/system/web.service", unit.EffectiveEntry("Service", "Environment")!.Tree.Path);
        Assert.Empty(unit.Effective("Service", "Missing"));
        Assert.Empty(unit.Effective("Install", "WantedBy"));
        Assert.True(unit.HasSection("Unit"));
        Assert.False(unit.HasSection("Install"));
    }

    [Fact]
    public void A_drop_in_that_does_not_parse_is_reported_and_the_others_still_apply()
    {
        Write($"{Lib}/web.service", "[Service]\nRestart=no\n");
        Write($"{Etc}/web.service.d/10-broken.conf", "[Service\nRestart=always\n");
        Write($"{Etc}/web.service.d/20-good.conf", "[Service]\nRestartSec=3\n");
        var unit = MergedUnit.Load(FileSystem, Find("web.service"));
        var error = Assert.Single(unit.Errors);
        Assert.Equal("etc/systemd/system/web.service.d/10-broken.conf:1:9: expected ']' to close the section header '[Service'", error.ToString());
        Assert.Equal("no", unit.Get("Service", "Restart"));
        Assert.Equal("3", unit.Get("Service", "RestartSec"));
    }

    [Fact]
    public void A_setting_assigned_many_times_keeps_every_assignment_in_order()
    {
        // Seven in the unit and two in a drop-in, across the array's growth; an empty one resets the list.
        var lines = string.Join("\n", Enumerable.Range(1, 7).Select(i => $"Environment=N{i}={i}"));
        Write($"{Lib}/web.service", $"[Service]\n{lines}\nRestart=always\n");
        Write($"{Etc}/web.service.d/override.conf", "[Service]\nEnvironment=\nEnvironment=LAST=1\n");
        var unit = MergedUnit.Load(FileSystem, Find("web.service"));

        Assert.Equal([.. Enumerable.Range(1, 7).Select(i => $"N{i}={i}"), "", "LAST=1"], unit.Assignments("Service", "Environment").Select(e => e.Value));
        Assert.Equal(["LAST=1"], unit.GetAll("Service", "Environment"));
        Assert.Equal("always", Assert.Single(unit.Assignments("Service", "Restart")).Value);
    }

    [Fact]
    public void A_masked_unit_applies_nothing()
    {
        Write($"{Lib}/web.service", "[Service]\nRestart=always\n");
        Link($"{Etc}/web.service", "/dev/null");
        var unit = MergedUnit.Load(FileSystem, Find("web.service"));
        Assert.Empty(unit.Sources);
        Assert.Null(unit.Get("Service", "Restart"));
    }

    [Theory]
    [InlineData("ExecStart", true)]
    [InlineData("ListenStream", true)]
    [InlineData("ConditionPathExists", true)]
    [InlineData("AssertFileNotEmpty", true)]
    [InlineData("Restart", false)]
    [InlineData("User", false)]
    [InlineData("X-Custom", false)]
    public void List_settings_are_told_from_single_valued_ones(string key, bool isList)
    {
        Assert.Equal(isList, SystemdListSettings.IsList(key));
    }
}
