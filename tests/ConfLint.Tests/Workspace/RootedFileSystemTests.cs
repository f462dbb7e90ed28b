using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

public class RootedFileSystemTests
{
    [Fact]
    public void Absolute_link_targets_resolve_below_the_root()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/sites-available/shop", "server {}")
            .Link("etc/nginx/sites-enabled/shop", "/etc/nginx/sites-available/shop");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal("/etc/nginx/sites-available/shop", fs.Resolve("/etc/nginx/sites-enabled/shop"));
        Assert.True(fs.FileExists("/etc/nginx/sites-enabled/shop"));
        Assert.Equal("server {}", System.Text.Encoding.UTF8.GetString(fs.ReadAllBytes("/etc/nginx/sites-enabled/shop")));
    }

    [Fact]
    public void Relative_links_directory_links_and_dev_null()
    {
        using var tree = new TempTree()
            .Write("usr/lib/systemd/system/a.service", "[Unit]\n")
            .Link("lib", "usr/lib")
            .Link("etc/systemd/system/b.service", "../../../lib/systemd/system/a.service")
            .Link("etc/systemd/system/masked.service", "/dev/null");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal("/usr/lib/systemd/system/a.service", fs.Resolve("/lib/systemd/system/a.service"));
        Assert.Equal("/usr/lib/systemd/system/a.service", fs.Resolve("/etc/systemd/system/b.service"));
        Assert.Equal("/dev/null", fs.Resolve("/etc/systemd/system/masked.service"));
        Assert.Empty(fs.ReadAllBytes("/etc/systemd/system/masked.service"));
        Assert.False(fs.FileExists("/etc/systemd/system/masked.service"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024 - 23)]
    [InlineData(16 * 1024 - 21)]
    [InlineData(32 * 1024 - 30)]
    [InlineData(70 * 1024)]
    public void File_contains_finds_a_needle_wherever_it_stands(int before)
    {
        // The file is searched in 16 KiB pieces: a needle across a piece's end must still be found (the needle stands 20
        // bytes after the padding).
        using var tree = new TempTree()
            .Write("etc/systemd/system/lb.service", new string('x', before) + "ExecStart=/usr/sbin/haproxy -f /etc/lb.cfg\n")
            .Write("etc/systemd/system/web.service", new string('y', before) + "ExecStart=/usr/sbin/nginx\n")
            .Link("etc/systemd/system/alias.service", "/etc/systemd/system/lb.service");
        var fs = new RootedFileSystem(tree.Root);
        Assert.True(fs.FileContains("/etc/systemd/system/lb.service", "haproxy"u8));
        Assert.True(fs.FileContains("/etc/systemd/system/alias.service", "haproxy"u8));
        Assert.False(fs.FileContains("/etc/systemd/system/web.service", "haproxy"u8));
        Assert.False(fs.FileContains("/etc/systemd/system/missing.service", "haproxy"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024 - 23)]
    [InlineData(16 * 1024 - 14)]
    [InlineData(40 * 1024)]
    public void Two_needles_are_found_in_one_read_wherever_they_stand(int before)
    {
        // "php-fpm" ends the first piece's last bytes or stands across its end; "haproxy" comes far later or not at all.
        using var tree = new TempTree()
            .Write("etc/systemd/system/both.service", new string('x', before) + "php-fpm" + new string('z', 20_000) + "haproxy\n")
            .Write("etc/systemd/system/fpm.service", new string('x', before) + "ExecStart=/usr/sbin/php-fpm8.2\n")
            .Write("etc/systemd/system/lb.service", new string('y', before) + "ExecStart=/usr/sbin/haproxy\n")
            .Write("etc/systemd/system/web.service", new string('y', before) + "ExecStart=/usr/sbin/nginx\n");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal(3, fs.FileContains("/etc/systemd/system/both.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(1, fs.FileContains("/etc/systemd/system/fpm.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(2, fs.FileContains("/etc/systemd/system/lb.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(0, fs.FileContains("/etc/systemd/system/web.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(0, fs.FileContains("/etc/systemd/system/missing.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(2, fs.FileContains("/etc/systemd/system/both.service", default, "haproxy"u8));
    }

    [Fact]
    public void Dangling_and_looping_links_resolve_to_nothing()
    {
        using var tree = new TempTree()
            .Link("etc/a", "/etc/missing")
            .Link("etc/loop1", "/etc/loop2")
            .Link("etc/loop2", "/etc/loop1");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Null(fs.Resolve("/etc/a"));
        Assert.Null(fs.Resolve("/etc/loop1"));
    }

    [Fact]
    public void Globs_sort_by_bytes_skip_dot_files_and_match_in_directories()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/sites-enabled/b.conf", "")
            .Write("etc/nginx/sites-enabled/B.conf", "")
            .Write("etc/nginx/sites-enabled/a.conf", "")
            .Write("etc/nginx/sites-enabled/.hidden.conf", "")
            .Write("etc/nginx/sites-enabled/notes.txt", "")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal(
            ["/etc/nginx/sites-enabled/B.conf", "/etc/nginx/sites-enabled/a.conf", "/etc/nginx/sites-enabled/b.conf"],
            fs.Glob("/etc/nginx/sites-enabled/*.conf"));
        Assert.Equal(["/etc/php/8.2/fpm/php-fpm.conf", "/etc/php/8.3/fpm/php-fpm.conf"], fs.Glob("/etc/php/*/fpm/php-fpm.conf"));
        Assert.Empty(fs.Glob("/etc/nginx/conf.d/*.conf"));
    }

    [Fact]
    public void Display_paths_are_relative_to_the_root_even_for_slash()
    {
        Assert.Equal("etc/nginx/nginx.conf", new RootedFileSystem("/").DisplayPath("/etc/nginx/nginx.conf"));
        Assert.Equal("/etc/nginx/nginx.conf", new RootedFileSystem(null).DisplayPath("/etc/nginx/nginx.conf"));
        Assert.Equal("/etc/x", RootedFileSystem.Normalize("//etc/./nginx/../x"));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/etc/nginx", "/etc/nginx")]
    [InlineData("/etc/nginx/", "/etc/nginx")]
    [InlineData("/etc/.hidden", "/etc/.hidden")]
    [InlineData("/etc/..x", "/etc/..x")]
    [InlineData("/etc/x.", "/etc/x.")]
    [InlineData("/...", "/...")]
    [InlineData("/etc/.", "/etc")]
    [InlineData("/etc/..", "/")]
    [InlineData("/a//b", "/a/b")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("etc/nginx", "/etc/nginx")]

    // A backslash is a character of a name on the server (nginx's include glob reads conf.d/a\b.conf).
    [InlineData("/a\\b", "/a\\b")]
    [InlineData("", "/")]
    public void Normalize_keeps_a_normal_path_and_mends_the_others(string path, string expected)
    {
        var normalized = RootedFileSystem.Normalize(path);
        Assert.Equal(expected, normalized);
        Assert.Equal(normalized, RootedFileSystem.Normalize(normalized));
    }

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.conf.bak", false)]
    [InlineData("php?.?-fpm.sock", "php8.2-fpm.sock", true)]
    [InlineData("[a-c]*", "beta", true)]
    [InlineData("[!a-c]*", "beta", false)]
    [InlineData("[^a-c]*", "delta", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("*", "", true)]
    [InlineData("[", "[", true)]
    [InlineData("*.load", "proxy_fcgi.load", true)]
    public void Glob_components_match_like_fnmatch(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, GlobMatcher.IsMatch(pattern, name));
    }
}
