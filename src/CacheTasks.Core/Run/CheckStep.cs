using System.Globalization;
using System.Runtime.CompilerServices;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Platform;
using CacheTasks.Requirements;

namespace CacheTasks.Run;

/// <summary>
/// The run's check: the one an earlier project of the same build computed from identical inputs
/// (<see cref="CoverageRunOptions.SharedChecks"/>) when there is one, else the checker's, which it
/// then keeps for the projects after it.
/// </summary>
internal static class CheckStep
{
    // Loaded objects stand for their content only by identity: within one build a catalog object
    // is one catalog state (the build's load cache hands every project of the same sources the same
    // object), and a new object, even of equal content, is another state. Weak: the entries go with the objects.
    private static readonly ConditionalWeakTable<object, string> Identities = new();
    private static long _nextIdentity;

    /// <returns>The check, and a note for the build log when it was reused (null when computed here).</returns>
    public static (CoverageResult Result, string? Note) Check(CoverageRunOptions options, SpackCatalog catalog, IReadOnlyList<RequirementInput> inputs, IReadOnlyList<Requirement> requirements, CoverageOptions coverageOptions, SpackArch host, CancellationToken cancellationToken)
    {
        var shared = options.SharedChecks;
        var key = shared is null ? null : Key(options, catalog, inputs, coverageOptions, host);
        if (key is not null && shared!.Find(key) is { } earlier)
        {
            return (earlier.Result, string.Format(CultureInfo.CurrentCulture, Messages.CheckReused, earlier.Project, earlier.Result.Rows.Count));
        }

        var result = CoverageChecker.Check(catalog, requirements, coverageOptions, cancellationToken);
        if (key is not null)
        {
            shared!.Keep(key, new SharedCheck(result, options.Project ?? string.Empty));
        }

        return (result, null);
    }

    /// <summary>
    /// Everything the checker's answer depends on: the catalog (by identity), every requirement as
    /// declared (text, metadata, where it was written, the pieces it was joined from, a lock's pinned
    /// closure), the host (for <c>host</c> arches), the arches, the microarchitecture table, the stack,
    /// the missing severity and the os compatibility. Hashed: a lock's closures can run to megabytes.
    /// </summary>
    internal static string Key(CoverageRunOptions options, SpackCatalog catalog, IReadOnlyList<RequirementInput> inputs, CoverageOptions coverageOptions, SpackArch host)
    {
        using var key = new CheckKey();
        key.Add("catalog").Add(Identity(catalog));
        key.Add("table").Add(TableIdentity(options, coverageOptions.Microarchitectures));
        key.Add("host").Add(host.ToString());
        key.Add("arches").Add(coverageOptions.Arches.Count);
        foreach (var arch in coverageOptions.Arches)
        {
            key.Add(arch.ToString());
        }

        key.Add("stack").Add(coverageOptions.Stack);
        key.Add("severity").Add(coverageOptions.MissingSeverity.ToString());
        key.Add("os").Add(coverageOptions.OsCompatibility.ToString());
        key.Add("requirements").Add(inputs.Count);
        foreach (var input in inputs)
        {
            key.Add(input.Text).Add(input.Stack).Add(input.Severity).Add(input.Version).Add(input.Arch).Add(input.Rejected ? "rejected" : "checked");
            Add(key, input.Location);
            key.Add(input.Parts?.Count ?? -1);
            foreach (var part in input.Parts ?? [])
            {
                key.Add(part.Offset);
                Add(key, part.Location);
            }

            key.Add(input.LockedDependencies.Count);
            foreach (var locked in input.LockedDependencies)
            {
                key.Add(locked.Name).Add(locked.Hash);
            }
        }

        return key.Finish();
    }

    private static void Add(CheckKey key, SourceLocation? location)
    {
        key.Add(location?.File).Add(location?.Line ?? -1).Add(location?.Column ?? -1);
    }

    // A table from SpackMicroarchitectures is loaded anew by each run: the file as it is stands for it.
    private static string TableIdentity(CoverageRunOptions options, MicroarchitectureTable table)
    {
        if (ReferenceEquals(table, MicroarchitectureTable.Embedded))
        {
            return "embedded";
        }

        if (options.Microarchitectures is null && !string.IsNullOrWhiteSpace(options.MicroarchitecturesFile))
        {
            var stamp = FileStamp.Of(options.MicroarchitecturesFile!.Trim());
            return string.Join("|", "file", stamp.Path, stamp.Length.ToString(CultureInfo.InvariantCulture), stamp.LastWriteTicks.ToString(CultureInfo.InvariantCulture));
        }

        return Identity(table);
    }

    private static string Identity(object value) =>
        Identities.GetValue(value, _ => "object-" + Interlocked.Increment(ref _nextIdentity).ToString(CultureInfo.InvariantCulture));
}
