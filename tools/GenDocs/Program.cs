using ConfLint.Catalog;
using ConfLint.Configuration;
using ConfLint.Reporting;

// gen-docs [REPOSITORY]: writes docs/rules/CLnnn.md for every rules/*.yaml (the rules embedded in the library), removes
// pages of rules that no longer exist, writes the settings' JSON Schema, docs/conflint.schema.json, and the list of rule
// classes the linter runs (src/ConfLint/Rules/RuleList.g.cs), and the rules' metadata as code
// (src/ConfLint/Catalog/RuleCatalog.g.cs, so that a run parses no YAML at start), and the data tables as UTF-8
// literals (src/ConfLint/Knowledge/EmbeddedTables.g.cs). A test fails when any is stale: run
// `dotnet run --project tools/GenDocs` after changing rules/ or adding a rule class.
var repository = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var folder = Path.Combine(repository, "docs", "rules");
if (!Directory.Exists(Path.Combine(repository, "rules")))
{
    Console.Error.WriteLine($"gen-docs: {repository} is not the repository's top (no rules/ folder)");
    return 2;
}

Directory.CreateDirectory(folder);
var rules = RuleCatalog.FromYaml(Path.Combine(repository, "rules"));
var written = new HashSet<string>(StringComparer.Ordinal);
foreach (var rule in rules)
{
    var path = Path.Combine(repository, RuleDocs.RelativePath(rule));
    File.WriteAllText(path, RuleDocs.Markdown(rule));
    written.Add(Path.GetFileName(path));
}

foreach (var stale in Directory.EnumerateFiles(folder, "CL*.md").Where(f => !written.Contains(Path.GetFileName(f))))
{
    File.Delete(stale);
}

File.WriteAllText(Path.Combine(repository, ConfigSchema.RelativePath), ConfigSchema.Write(RuleDocs.RepositoryUrl, rules));
File.WriteAllText(Path.Combine(repository, RuleCatalog.CatalogPath), RuleCatalog.Source(rules));
File.WriteAllText(Path.Combine(repository, ConfLint.Knowledge.EmbeddedTables.SourcePath), ConfLint.Knowledge.EmbeddedTables.Source(repository));
File.WriteAllText(Path.Combine(repository, ConfLint.Rules.RuleRegistry.ListPath), ConfLint.Rules.RuleRegistry.ListSource(ConfLint.Rules.RuleRegistry.Discover()));
Console.WriteLine($"gen-docs: {written.Count} pages in docs/rules, {ConfigSchema.RelativePath}, {ConfLint.Rules.RuleRegistry.ListPath}, {RuleCatalog.CatalogPath} and {ConfLint.Knowledge.EmbeddedTables.SourcePath}");
return 0;
