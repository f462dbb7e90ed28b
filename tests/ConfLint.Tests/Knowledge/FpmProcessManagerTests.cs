using ConfLint.Knowledge;

namespace ConfLint.Tests.Knowledge;

/// <summary>php-fpm's <c>pm.*</c> checks (fpm_conf.c, PHP 8.2) as CL000 and CL010 share them, and CL010's nearest values.</summary>
public sealed class FpmProcessManagerTests
{
    private static FpmPmValues Values(string? pm, long max, long start, long min, long spare, long spawn = 32, long idle = 10) =>
        new(pm, max, start, min, spare, spawn, idle);

    [Theory]
    [InlineData(null, 5, 0, 0, 0, "the process manager is missing (static, dynamic or ondemand)")]
    [InlineData("static", 0, 0, 0, 0, "pm.max_children must be a positive value")]
    [InlineData("dynamic", 20, 0, 0, 6, "pm.min_spare_servers(0) must be a positive value")]
    [InlineData("dynamic", 20, 0, 2, -1, "pm.max_spare_servers(-1) must be a positive value")]
    [InlineData("dynamic", 4, 2, 2, 6, "pm.min_spare_servers(2) and pm.max_spare_servers(6) cannot be greater than pm.max_children(4)")]
    [InlineData("dynamic", 20, 0, 6, 2, "pm.max_spare_servers(2) must not be less than pm.min_spare_servers(6)")]
    [InlineData("dynamic", 20, 8, 2, 6, "pm.start_servers(8) must not be less than pm.min_spare_servers(2) and not greater than pm.max_spare_servers(6)")]
    [InlineData("dynamic", 20, 1, 2, 6, "pm.start_servers(1) must not be less than pm.min_spare_servers(2) and not greater than pm.max_spare_servers(6)")]
    public void Each_refusal_is_in_php_fpms_words_and_order(string? pm, long max, long start, long min, long spare, string message)
    {
        Assert.Equal(message, FpmProcessManager.Refusal(Values(pm, max, start, min, spare))?.Message);
    }

    [Fact]
    public void What_php_fpm_accepts_is_no_refusal()
    {
        Assert.Null(FpmProcessManager.Refusal(Values("dynamic", 20, 0, 2, 6)));
        Assert.Null(FpmProcessManager.Refusal(Values("static", 4, 8, 2, 6)));
        Assert.Null(FpmProcessManager.Refusal(Values("ondemand", 10, 0, 0, 0), "epoll"));
        Assert.Equal("pm.max_spawn_rate must be a positive value", FpmProcessManager.Refusal(Values("dynamic", 20, 4, 2, 6, spawn: 0))?.Message);
        Assert.Equal("pm.process_idle_timeout(0s) must be greater than 0s", FpmProcessManager.Refusal(Values("ondemand", 10, 0, 0, 0, idle: 0))?.Message);
        Assert.Equal("pm", FpmProcessManager.Refusal(Values("ondemand", 10, 0, 0, 0), "poll")?.Key);
    }

    [Fact]
    public void The_nearest_values_are_always_accepted_and_keep_a_positive_max_children()
    {
        long[] counts = [-1, 0, 1, 2, 5, 12];
        foreach (var pm in new string?[] { null, "static", "dynamic", "ondemand" })
        {
            foreach (var max in counts)
            {
                foreach (var start in counts)
                {
                    foreach (var min in counts)
                    {
                        foreach (var spare in counts)
                        {
                            foreach (var (spawn, idle) in new[] { (32L, 10L), (0L, 0L) })
                            {
                                var values = Values(pm, max, start, min, spare, spawn, idle);
                                var nearest = FpmProcessManager.Nearest(values, "dynamic", 5);
                                Assert.True(FpmProcessManager.Refusal(nearest, "epoll") is null, $"{values} -> {nearest}: {FpmProcessManager.Refusal(nearest, "epoll")?.Message}");
                                if (max >= 1)
                                {
                                    Assert.Equal(max, nearest.MaxChildren);
                                }

                                if (FpmProcessManager.Refusal(values, "epoll") is null)
                                {
                                    Assert.Empty(FpmProcessManager.Changes(values, nearest));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void The_nearest_values_move_each_count_the_least()
    {
        var fixedStart = FpmProcessManager.Nearest(Values("dynamic", 20, 8, 2, 6), "dynamic", 5);
        Assert.Equal([("pm.start_servers", "6")], FpmProcessManager.Changes(Values("dynamic", 20, 8, 2, 6), fixedStart));
        var fixedSpare = FpmProcessManager.Nearest(Values("dynamic", 4, 2, 2, 6), "dynamic", 5);
        Assert.Equal([("pm.max_spare_servers", "4")], FpmProcessManager.Changes(Values("dynamic", 4, 2, 2, 6), fixedSpare));
    }
}
