using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// pack → local feed → a new project with a PackageReference → `dotnet build` in a separate
/// process with its own empty NuGet package folder: what a user gets from NuGet.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class PackageTests(PackedCacheTasks package)
{
    private const string Page = "---\ntitle: \"zlib-ng\"\nlayout: cache\ncategories: [package, develop]\nmeta: {\"num_specs\": 1}\nspec_details: [{\"compiler\": \"gcc@13.3.0\", \"hash\": \"parl4w7fnvx3y6mardkxdzzloq3pp2s6\", \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"size\": \"-\", \"stacks\": [\"e4s\", \"root\"], \"target\": \"x86_64_v3\", \"variants\": [\"+shared\"], \"versions\": [\"2.2.4\"]}]\n---";

    [Fact]
    public void The_package_holds_the_build_files_and_the_tasks_for_both_msbuilds_and_nothing_else()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var files = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").Order(StringComparer.Ordinal).ToList();

        var expected = new List<string> { "CacheTasks.nuspec", "README.md" };
        foreach (var folder in new[] { "build", "buildMultiTargeting", "buildTransitive" })
        {
            expected.Add($"{folder}/CacheTasks.props");
            expected.Add($"{folder}/CacheTasks.targets");
        }

        foreach (var framework in new[] { "net472", "net8.0" })
        {
            foreach (var assembly in new[] { "CacheTasks", "CacheTasks.Core" })
            {
                expected.Add($"tasks/{framework}/{assembly}.dll");
                expected.Add($"tasks/{framework}/{assembly}.pdb");
            }

            expected.Add($"tasks/{framework}/AWSSDK.Core.dll");
            expected.Add($"tasks/{framework}/AWSSDK.S3.dll");
            expected.Add($"tasks/{framework}/CacheTasks.deps.json");
            expected.Add($"tasks/{framework}/NuGet.Versioning.dll");
            expected.Add($"tasks/{framework}/YamlDotNet.dll");
        }

        // .NET Framework has no System.Text.Json of its own: the net472 task carries it and its dependencies.
        var net472Extras = files.Where(f => f.StartsWith("tasks/net472/System.", StringComparison.Ordinal) || f.StartsWith("tasks/net472/Microsoft.Bcl.", StringComparison.Ordinal)).ToList();
        Assert.Contains("tasks/net472/System.Text.Json.dll", net472Extras);
        Assert.Equal(expected.Concat(net472Extras).Order(StringComparer.Ordinal), files);
        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal) || f.Contains("Microsoft.Build", StringComparison.Ordinal));

        using var nuspecStream = zip.GetEntry("CacheTasks.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.HasElements);
    }

    [Fact]
    public void On_linux_x64_the_net8_tasks_run_precompiled_in_dotnet_build()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var zip = ZipFile.OpenRead(package.PackagePath);
        // Packed on linux-x64, tasks/net8.0 carries ReadyToRun code for the tasks and what they load on
        // every check; the AWS SDK (s3:// only) and tasks/net472 stay IL. Packed anywhere else, all IL.
        var precompiledHere = ReadyToRunImage.MadeHere;
        foreach (var framework in new[] { "net8.0", "net472" })
        {
            foreach (var assembly in new[] { "CacheTasks", "CacheTasks.Core", "YamlDotNet", "NuGet.Versioning", "AWSSDK.Core" })
            {
                var expected = precompiledHere && framework == "net8.0" && !assembly.StartsWith("AWSSDK", StringComparison.Ordinal);
                Assert.True(expected == ReadyToRunImage.In(zip, $"tasks/{framework}/{assembly}.dll"), $"{framework}/{assembly}");
            }
        }

        if (!precompiledHere)
        {
            return;
        }

        // The runtime of `dotnet build` really uses that code (it ignores ReadyToRun code made for
        // another major version): a first check, catalog loaded cold, JIT-compiles none of CacheTasks'
        // methods but the few marked to be compiled optimised at once. Only the check target runs, in
        // the one build process, so no other process writes the JIT's list. Without the images: ~1,000.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteConsumer(folder, "");
        var log = folder.Combine("jit.txt");
        var restore = DotNet.Run(folder.Path, new Dictionary<string, string> { ["NUGET_PACKAGES"] = folder.Combine("packages") }, ["restore", "app/app.csproj"]);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var check = DotNet.Run(folder.Path, new Dictionary<string, string> { ["NUGET_PACKAGES"] = folder.Combine("packages"), ["DOTNET_JitStdOutFile"] = log, ["DOTNET_JitDisasmSummary"] = "1" }, ["msbuild", "app/app.csproj", "-t:SpackCoverageCheck", "-m:1", "-nodeReuse:false"]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Single(check.DiagnosticLines("CT1001"));
        var compiled = File.ReadAllLines(log).Where(line => line.Contains("JIT compiled CacheTasks.", StringComparison.Ordinal)).ToList();
        Assert.True(compiled.All(line => line.Contains("FullOpts", StringComparison.Ordinal)), string.Join(Environment.NewLine, compiled));
    }

    [Fact]
    public void A_project_with_a_PackageReference_gets_diagnostics_and_reports_from_dotnet_build()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteConsumer(folder, "");

        var build = Build(folder);

        Assert.True(build.ExitCode == 0, build.ToString());
        var ct1001 = Assert.Single(build.DiagnosticLines("CT1001"));
        Assert.StartsWith($"{project}(9,", ct1001);
        Assert.Contains("warning CT1001: 'zlib-ng@2.2' has no binary for linux-ubuntu24.04-aarch64", ct1001);
        var ct1002 = Assert.Single(build.DiagnosticLines("CT1002"));
        Assert.StartsWith($"{project}(10,", ct1002);
        Assert.Contains("warning CT1002: 'libpng@1.6': package 'libpng' is not in the catalog", ct1002);
        var reports = folder.Combine("app", "obj", "spack-coverage");
        Assert.Contains(string.Format(Messages.Summary, 1, 4, "25.0", Path.Combine(reports, "coverage.md")), build.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "coverage.json")));
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal((4, 1, 3), (summary.GetProperty("total").GetInt32(), summary.GetProperty("covered").GetInt32(), summary.GetProperty("missing").GetInt32()));
        var covered = json.RootElement.GetProperty("results")[0];
        Assert.Equal("covered", covered.GetProperty("status").GetString());
        Assert.Equal("parl4w7fnvx3y6mardkxdzzloq3pp2s6", covered.GetProperty("matches")[0].GetProperty("hash").GetString());
    }

    [Fact]
    public void SpackMissingSeverity_error_fails_dotnet_build_with_a_non_zero_exit_code()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteConsumer(folder, "<SpackMissingSeverity>error</SpackMissingSeverity>");

        var build = Build(folder);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Single(build.DiagnosticLines("CT1001"), l => l.Contains(": error CT1001:", StringComparison.Ordinal));
        Assert.Single(build.DiagnosticLines("CT1002"), l => l.Contains(": error CT1002:", StringComparison.Ordinal));
    }

    [Fact]
    public void Coverage_sarif_shows_each_row_at_the_level_the_build_logged()
    {
        // One consumer, four builds with the project's warning properties given on the command line
        // (each is an input of the check, so each build checks again and rewrites coverage.sarif).
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteConsumer(folder, "<SpackCoverageReportFormats>sarif</SpackCoverageReportFormats>");
        var sarif = folder.Combine("app", "obj", "spack-coverage", "coverage.sarif");

        var cases = new (string[] Properties, string Ct1001, string Ct1002, bool Ct1002Suppressed)[]
        {
            (["-p:WarningsAsErrors=CT1001"], "error", "warning", false),
            (["-p:TreatWarningsAsErrors=true"], "error", "error", false),
            (["-p:TreatWarningsAsErrors=true", "-p:WarningsNotAsErrors=CT1002"], "error", "warning", false),
            (["-p:NoWarn=CT1002"], "warning", "warning", true),
        };
        foreach (var (properties, ct1001, ct1002, suppressed) in cases)
        {
            var build = Build(folder, properties);

            var logged1001 = Assert.Single(build.DiagnosticLines("CT1001"));
            Assert.Contains($": {ct1001} CT1001:", logged1001);
            Assert.Equal(suppressed ? 0 : 1, build.DiagnosticLines("CT1002").Count);
            Assert.True((build.ExitCode != 0) == (ct1001 == "error" || (ct1002 == "error" && !suppressed)), build.ToString());

            using var json = JsonDocument.Parse(File.ReadAllText(sarif));
            var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            var row1001 = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "CT1001");
            Assert.Equal(ct1001, row1001.GetProperty("level").GetString());
            Assert.False(row1001.TryGetProperty("suppressions", out _));
            Assert.All(results.Where(r => r.GetProperty("ruleId").GetString() == "CT1002"), row =>
            {
                Assert.Equal(ct1002, row.GetProperty("level").GetString());
                Assert.Equal(suppressed, row.TryGetProperty("suppressions", out var suppressions));
                if (suppressed)
                {
                    Assert.Equal("external", Assert.Single(suppressions.EnumerateArray()).GetProperty("kind").GetString());
                }
            });
        }
    }

    [Fact]
    public void A_project_pointing_at_one_of_Spacks_CI_stacks_is_checked_with_the_Spack_1_0_meaning_of_gcc_target()
    {
        // build_systems joins every package with '%gcc target=x86_64'. In Spack 1.0 the target is
        // gcc's, so an x86_64_v3 lz4 built by gcc covers 'lz4 %gcc target=x86_64'; each text is
        // one CT3006 that shows the Spack < 1.0 rewrite, and nothing is CT3001.
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var stack = TestEnvironment.Repository("tests", "data", "stacks", "build_systems", "spack.yaml");
        folder.Write("catalog/develop/lz4/specs.md", Page.Replace("zlib-ng", "lz4").Replace("2.2.4", "1.10.0"));
        WriteConsumer(folder, "", $"""<SpackEnvironment Include="{stack}" />""", "linux-ubuntu24.04-x86_64_v3");

        var build = Build(folder);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.DiagnosticLines("CT3001"));
        var ct3006 = build.DiagnosticLines("CT3006").Distinct().ToList();
        Assert.Equal(7, ct3006.Count);
        Assert.Contains(ct3006, l => l.StartsWith($"{stack}(14,", StringComparison.Ordinal) && l.Contains("warning CT3006: 'lz4 %gcc target=x86_64':", StringComparison.Ordinal) && l.Contains("'lz4 target=x86_64 %gcc'", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("app", "obj", "spack-coverage", "coverage.json")));
        var rows = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(7, rows.Count);
        Assert.Equal("covered", rows.Single(r => r.GetProperty("requirement").GetString() == "lz4 %gcc target=x86_64").GetProperty("status").GetString());
    }

    [Fact]
    public void Dependency_clauses_are_checked_against_a_mirror_index_graph_and_a_page_match_says_what_it_could_not_check()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/mirror/build_cache/index.json", DagIndex.Hdf5().ToString());
        var project = WriteConsumer(folder, "", """
                    <SpackRequirement Include="hdf5@1.14 +mpi ^openmpi" />
                    <SpackRequirement Include="zlib-ng@2.2 ^zlib" />
            """);

        var build = Build(folder);

        Assert.True(build.ExitCode == 0, build.ToString());
        var ct1001 = build.DiagnosticLines("CT1001").ToList();
        Assert.Contains(ct1001, l => l.StartsWith($"{project}(9,", StringComparison.Ordinal)
            && l.Contains("warning CT1001: 'hdf5@1.14 +mpi ^openmpi' has no binary for linux-ubuntu24.04-aarch64", StringComparison.Ordinal)
            && l.Contains(string.Format(Messages.HintDependencyBuiltWith, 3, "hdf5", "^mpich@4.2.2"), StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("app", "obj", "spack-coverage", "coverage.json")));
        var rows = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        var hdf5 = rows.Single(r => r.GetProperty("requirement").GetString()!.StartsWith("hdf5", StringComparison.Ordinal) && r.GetProperty("status").GetString() == "covered");
        Assert.Equal("linux-ubuntu24.04-x86_64_v3", hdf5.GetProperty("arch").GetString());
        Assert.False(hdf5.TryGetProperty("unverified", out _));
        var zlib = rows.Single(r => r.GetProperty("requirement").GetString() == "zlib-ng@2.2 ^zlib" && r.GetProperty("status").GetString() == "covered");
        Assert.Equal(["^zlib"], zlib.GetProperty("unverified").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_task_that_cannot_load_fails_the_build_and_SpackCoverageCheck_false_from_outside_the_project_turns_it_off()
    {
        // docs/hosts.md: what a user sees when a host cannot load the task, and the way out that
        // edits no project file (a global property, or an environment variable MSBuild reads as one).
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteConsumer(folder, "");
        Assert.True(Build(folder).ExitCode == 0);
        var restored = Directory.GetFiles(folder.Combine("packages"), "CacheTasks.dll", SearchOption.AllDirectories);
        Assert.NotEmpty(restored);
        foreach (var dll in restored)
        {
            File.WriteAllText(dll, "not an assembly");
        }

        var broken = Build(folder);
        var offByProperty = Build(folder, "-p:SpackCoverageCheck=false");
        var offByEnvironment = new PackageConsumer(package, folder).Build(new Dictionary<string, string> { ["SpackCoverageCheck"] = "false" });

        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error MSB4062", broken.Output, StringComparison.Ordinal);
        Assert.True(offByProperty.ExitCode == 0, offByProperty.ToString());
        Assert.True(offByEnvironment.ExitCode == 0, offByEnvironment.ToString());
        Assert.DoesNotContain("CacheTasks", offByProperty.Output + offByEnvironment.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_consumer_reads_an_S3_mirror_with_the_AWS_SDK_the_package_carries_and_writes_the_secret_nowhere()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        using var server = new S3TestServer();
        server.CreateBucket("spack");
        server.AddLegacyMirror("spack", "develop", System.Text.Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        const string secret = "package-s3-secret-never-written-5c1e";
        WriteConsumer(folder, $"""

                    <SpackCatalogCacheDirectory>{folder.Combine("cache")}</SpackCatalogCacheDirectory>
            """, """
                    <SpackRequirement Include="hdf5@1.14 +mpi ^openmpi" />
            """);
        var environment = new Dictionary<string, string>
        {
            ["S3_ENDPOINT_URL"] = server.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = S3TestServer.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
        };

        var build = new PackageConsumer(package, folder).Build(environment, "-p:SpackCatalog=s3://spack/develop");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.DiagnosticLines("CT2002"));
        Assert.Empty(build.DiagnosticLines("CT2005"));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("app", "obj", "spack-coverage", "coverage.json")));
        var rows = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("status").GetString() == "covered" && r.GetProperty("arch").GetString() == "linux-ubuntu24.04-x86_64_v3");
        SecretScan.AssertWrittenNowhere(folder.Path, [secret]);
        SecretScan.AssertNotIn(build.Output, secret);
    }

    private string WriteConsumer(TemporaryDirectory folder, string extraProperties, string items = """
                <SpackRequirement Include="zlib-ng@2.2" />
                <SpackRequirement Include="libpng@1.6" />
        """, string arches = "linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64")
    {
        folder.Write("catalog/develop/zlib-ng/specs.md", Page);
        return new PackageConsumer(package, folder).Write($"""

                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>{arches}</SpackArch>{extraProperties}
            """, items);
    }

    private ProcessResult Build(TemporaryDirectory folder, params string[] properties) =>
        new PackageConsumer(package, folder).Build(null, properties);
}
