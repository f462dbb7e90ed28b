namespace ConfLint.Tools.GenServerTree;

/// <summary>Word lists for domain names and the names of generated things.</summary>
public static class Names
{
    public static readonly string[] Adjectives =
    [
        "amber", "bold", "brisk", "calm", "cedar", "clear", "copper", "coral", "crisp", "dusty", "eager", "fern",
        "gentle", "golden", "green", "hidden", "honest", "ivory", "jolly", "keen", "lively", "lunar", "maple",
        "mellow", "misty", "noble", "olive", "plain", "quiet", "rapid", "royal", "rustic", "silver", "solar",
        "sunny", "swift", "tidy", "urban", "vivid", "warm", "wild", "young",
    ];

    public static readonly string[] Nouns =
    [
        "atlas", "bakery", "beacon", "bistro", "books", "cabin", "canvas", "clinic", "craft", "dental", "design",
        "forge", "garden", "harbor", "hostel", "journal", "kitchen", "lab", "ledger", "market", "media", "motors",
        "nursery", "office", "outfit", "parcel", "pixel", "press", "realty", "records", "salon", "school", "shop",
        "studio", "supply", "tailor", "travel", "vault", "ventures", "works", "yoga",
    ];

    public static readonly string[] Tlds = ["com", "com", "com", "net", "org", "de", "io", "shop", "co.uk", "fr", "nl"];

    public static string Pool(int pool) => $"pool{pool + 1:D3}";

    public static string PoolSocket(int pool) => $"/run/php/php8.2-fpm-{Pool(pool)}.sock";

    public static string Unit(int unit) => $"app{unit + 1:D4}";

    public static string Upstream(int unit) => $"{Unit(unit)}_backend";

    /// <summary>Each app listens on its own port: 10001, 10002, ...</summary>
    public static int Port(int unit) => 10001 + unit;

    public static string SiteFile(int file) => $"site-{file + 1:D4}.conf";
}
