using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// php-fpm stops at an error while it reads its configuration (fpm_conf_load_ini_file: "failed to load configuration
/// file"), before fpm_conf_post_process: CL000 reports that error and none of the post-process refusals php-fpm never
/// reaches ("No pool defined", "pm.max_children must be a positive value"); where reading succeeds those still are.
/// </summary>
public class FpmStopsWhileReadingTests
{
    private static string Lint(string pool)
    {
        using var tree = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude = /etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", pool);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000", "--verbose");
        return output.Stdout + output.Stderr;
    }

    private const string Pool = "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\npm = dynamic\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n";

    [Fact]
    public void A_number_php_fpm_cannot_parse_is_the_only_refusal()
    {
        var output = Lint(Pool + "pm.max_children = abc\n");
        Assert.Contains("etc/php/8.2/fpm/pool.d/www.conf:9:1: error CL000 [etc/php/8.2/fpm/pool.d/www.conf:9] unable to parse value for entry 'pm.max_children'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a positive value", output, StringComparison.Ordinal);
        Assert.Contains("before fpm_conf_post_process", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ini_syntax_error_in_an_included_pool_is_no_missing_pool()
    {
        var output = Lint("[www\nuser = www-data\n");
        Assert.Contains("etc/php/8.2/fpm/pool.d/www.conf:1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("No pool defined", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_error_while_reading_the_post_process_refusal_stays() =>
        Assert.Contains("pm.max_children must be a positive value", Lint(Pool + "pm.max_children = 0\n"), StringComparison.Ordinal);

    [Fact]
    public void Without_a_pool_section_no_pool_stays() =>
        Assert.Contains("No pool defined", Lint("; nothing\n"), StringComparison.Ordinal);
}

/// <summary>
/// fpm_conf_process_all_pools: a pool's prefix, chroot and chdir must be folders ("the chdir path '/x' does not exist or is
/// not a directory"). Reported where the root proves it (it holds the path as a file); a folder a repository does not hold
/// is a --verbose note, not a finding.
/// </summary>
public class FpmPoolFoldersTests
{
    private static string Lint(string extra)
    {
        using var tree = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude = /etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\npm = static\npm.max_children = 5\n" + extra)
            .Write("etc/hostname", "web\n")
            .Write("srv/app/index.php", "<?php\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000", "--verbose");
        return output.Stdout + output.Stderr;
    }

    [Theory]
    [InlineData("chdir = /etc/hostname\n", "the chdir path '/etc/hostname'")]
    [InlineData("chroot = /etc/hostname\n", "the chroot path '/etc/hostname'")]
    [InlineData("prefix = /etc/hostname\n", "the prefix '/etc/hostname'")]
    public void A_path_the_root_holds_as_a_file_is_no_folder(string line, string what) =>
        Assert.Contains($"etc/php/8.2/fpm/pool.d/www.conf:7:1: error CL000 [pool www] {what} does not exist or is not a directory", Lint(line), StringComparison.Ordinal);

    [Fact]
    public void A_folder_the_root_does_not_hold_is_only_a_note()
    {
        var output = Lint("chdir = /nonexistent\n");
        Assert.DoesNotContain("error CL000", output, StringComparison.Ordinal);
        Assert.Contains("sets chdir = /nonexistent, a folder the root does not hold: not judged", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chdir = /srv/app\n")]
    [InlineData("chdir = /srv/app/\nprefix = /srv\n")]
    [InlineData("chroot = /srv\nchdir = /etc/hostname\n")]
    [InlineData("chdir = var/www\n")]
    public void A_folder_the_root_holds_or_a_path_not_judged_is_silent(string line) =>
        Assert.DoesNotContain("error CL000", Lint(line), StringComparison.Ordinal);
}
