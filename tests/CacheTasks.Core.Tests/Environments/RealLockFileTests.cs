using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// spack.lock files as Spack wrote them, one per lockfile version (tests/data/environments/real,
/// SOURCE.md): Spack's own legacy-lockfile test data (lib/spack/spack/test/data/legacy_env), the
/// same two roots written by four Spack releases: v1 and v2 keyed by name with dependencies as a
/// map of hashes, v3 with <c>build_hash</c> edges in a list, v4 with <c>hash</c> edges. Each is
/// read into its roots, with each root's locked link/run closure, and no CT3003.
/// </summary>
public sealed class RealLockFileTests
{
    // Link/run closure of dttop in Spack's test packages: dtlink1 (build,link) -> dtlink3 -> dtlink4,
    // dtrun1 (run) -> dtlink5, dtrun3; dtbuild1, dtbuild2 and dtbuild3 are build-only and stay out.
    private static readonly string[] Closure = ["dtlink1", "dtlink3", "dtlink4", "dtlink5", "dtrun1", "dtrun3"];

    public static TheoryData<int, string, string> Versions() => new()
    {
        { 1, "rtc6yg6kszj6shpc4wfnnattyxcqdwbk", "rtc6yg6kszj6shpc4wfnnattyxcqdwbk" },
        { 2, "fvsxmvcsdvwx6uz44bytxu3jit4wxbxx", "eymyqmyzk62nkbztpg7dmjnntznuaoy3" },
        { 3, "bzapmjnw5faayjwdemyipyky4wdksh5t", "2n4kyt2vzexalndoo46aa63vclquruuk" },
        { 4, "dwlaaaedywmkwmhyk4jrv3j2o47we5zi", "ghf2t3hn4g2he4pykcrhpdiejmxvakr6" },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_real_lock_file_of_each_version_is_read_into_its_roots_and_their_link_run_closures(int version, string firstHash, string secondHash)
    {
        var path = TestEnvironment.Repository("tests", "data", "environments", "real", "spack-legacy-env", $"v{version}.lock");
        Assert.Contains($"\"lockfile-version\": {version}", File.ReadAllText(path), StringComparison.Ordinal);
        var diagnostics = new List<Diagnostic>();

        var roots = LockFileReader.Read(path, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(
            [("dttop ^dtbuild1@0.5", "dttop", firstHash), ("dttop ^dtbuild1@1.0", "dttop", secondHash)],
            roots.Select(r => (r.Spec, r.Name, r.Hash)));
        Assert.All(roots, r => Assert.Equal(Closure, r.Dependencies.Select(d => d.Name).Order(StringComparer.Ordinal)));
    }
}
