namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// Who serves what: the sites with their files, pools and apps, and the file each app's upstream is defined
/// in. Pools and apps are handed out round-robin so every one of them has sites when there are enough.
/// </summary>
public sealed class TreePlan
{
    private TreePlan(GeneratorOptions options, List<SitePlan>[] sitesByFile, int[] upstreamFile)
    {
        Options = options;
        SitesByFile = sitesByFile;
        UpstreamFile = upstreamFile;
    }

    public GeneratorOptions Options { get; }

    /// <summary>The sites written to each sites-enabled file, in order.</summary>
    public IReadOnlyList<List<SitePlan>> SitesByFile { get; }

    /// <summary>For each app, the sites-enabled file that defines its upstream: beside its first site.</summary>
    public IReadOnlyList<int> UpstreamFile { get; }

    public static TreePlan Create(GeneratorOptions options)
    {
        var sitesByFile = new List<SitePlan>[options.Files];
        for (var f = 0; f < sitesByFile.Length; f++)
        {
            sitesByFile[f] = [];
        }

        var upstreamFile = new int[options.Units];
        Array.Fill(upstreamFile, -1);
        int blocks = 0, site = 0, php = 0, app = 0;
        while (blocks < options.Servers)
        {
            var rng = Rng.For(options.Seed, "site", site);
            var style = PickStyle(rng);
            var https = rng.Chance(70) && options.Servers - blocks >= 2;
            var file = (int)((long)blocks * options.Files / options.Servers);
            int? pool = style is SiteStyle.Php or SiteStyle.PhpWithApi ? php++ % options.Pools : null;
            int? unit = style is SiteStyle.PhpWithApi or SiteStyle.App ? app++ % options.Units : null;
            var domain = $"{rng.Pick(Names.Adjectives)}-{rng.Pick(Names.Nouns)}{site + 1}.{rng.Pick(Names.Tlds)}";
            var plan = new SitePlan(site, file, domain, style, https, pool, unit);
            sitesByFile[file].Add(plan);
            if (unit is { } u && upstreamFile[u] < 0)
            {
                upstreamFile[u] = file;
            }

            blocks += plan.Blocks;
            site++;
        }

        for (var u = 0; u < upstreamFile.Length; u++)
        {
            if (upstreamFile[u] < 0)
            {
                upstreamFile[u] = u % options.Files;
            }
        }

        return new TreePlan(options, sitesByFile, upstreamFile);
    }

    private static SiteStyle PickStyle(Rng rng) => rng.Next(100) switch
    {
        < 45 => SiteStyle.Php,
        < 60 => SiteStyle.PhpWithApi,
        < 90 => SiteStyle.App,
        _ => SiteStyle.Static,
    };
}
