using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;
using NuGetVersionRange = NuGet.Versioning.VersionRange;

namespace CacheTasks.Requirements;

/// <summary>
/// Turns declared requirements into <see cref="Requirement"/>s. A requirement that cannot be
/// parsed is CT3001 (an unknown arch name CT3002) and is left out of the check, as is one the run's
/// validator rejected (<see cref="RequirementInput.Rejected"/>); the others are still checked.
/// <see cref="RequirementNotes"/> adds CT3006.
/// </summary>
public static class RequirementReader
{
    public static IReadOnlyList<Requirement> Read(IEnumerable<RequirementInput> inputs, SpackArch host, MicroarchitectureTable table, ICollection<Diagnostic> diagnostics)
    {
        var requirements = new List<Requirement>();
        foreach (var input in inputs)
        {
            var requirement = Read(input, host, table, diagnostics);
            if (requirement is not null)
            {
                requirements.Add(requirement);
            }
        }

        // One note per distinct text: a stack of hundreds of specs stays readable.
        RequirementNotes.Add(requirements, diagnostics);
        return requirements;
    }

    public static Requirement? Read(RequirementInput input, SpackArch host, MicroarchitectureTable table, ICollection<Diagnostic> diagnostics)
    {
        var location = input.Location;
        SpecConstraint spec;
        try
        {
            spec = SpecParser.Parse(input.Text);
        }
        catch (SpecParseException e)
        {
            diagnostics.Add(Invalid(input.Text, e.Column, e.Message, At(input, e.Column)));
            return null;
        }

        var errors = diagnostics.Count;
        var origin = string.Format(Messages.OriginRequirement, input.Text);
        // platform=* and os=* ask only that there be one (SpecConstraint.AnyArchValue): no name to check.
        if (spec.Platform is not null and not SpecConstraint.AnyArchValue)
        {
            Add(diagnostics, ArchValidator.ValidatePlatform(spec.Platform, origin, location));
        }

        if (spec.Os is not null and not SpecConstraint.AnyArchValue)
        {
            Add(diagnostics, ArchValidator.ValidateOs(spec.Os, origin, location));
        }

        foreach (var target in spec.Target?.Names ?? [])
        {
            Add(diagnostics, ArchValidator.ValidateTarget(target, origin, table, location));
        }

        // %gcc target=x86_64: the compiler node's arch names are checked like the package's.
        if (spec.Compiler?.Node is { } compilerNode)
        {
            Add(diagnostics, compilerNode.Platform is null or SpecConstraint.AnyArchValue ? null : ArchValidator.ValidatePlatform(compilerNode.Platform, origin, location));
            Add(diagnostics, compilerNode.Os is null or SpecConstraint.AnyArchValue ? null : ArchValidator.ValidateOs(compilerNode.Os, origin, location));
            foreach (var target in compilerNode.Target?.Names ?? [])
            {
                Add(diagnostics, ArchValidator.ValidateTarget(target, origin, table, location));
            }
        }

        NuGetVersionRange? nuGetVersions = null;
        if (!string.IsNullOrWhiteSpace(input.Version))
        {
            if (spec.HasVersions)
            {
                var at = input.Text.IndexOf('@') + 1;
                diagnostics.Add(Invalid(input.Text, at, string.Format(Messages.RequirementBothVersions, input.Version), At(input, at)));
            }
            else if (!NuGetVersionRange.TryParse(input.Version!.Trim(), out nuGetVersions))
            {
                // The fault is in the metadata, not at a column of the spec.
                diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidRequirement, DiagnosticSeverity.Error, string.Format(Messages.RequirementInvalidMetadata, input.Text, string.Format(Messages.RequirementNuGetRange, input.Version)), location));
            }
        }

        // An invalid Severity was reported (CT3004) and the input marked rejected by the run's validator.
        DiagnosticSeverity? severity = !string.IsNullOrWhiteSpace(input.Severity) && SeverityNames.TryParse(input.Severity!, out var parsed) ? parsed : null;

        IReadOnlyList<SpackArch>? arches = null;
        if (!string.IsNullOrWhiteSpace(input.Arch))
        {
            arches = ArchValidator.ParseList(input.Arch!.Split(';'), string.Format(Messages.OriginArchMetadata, input.Text), host, table, location, diagnostics);
        }

        if (diagnostics.Count > errors || input.Rejected)
        {
            return null;
        }

        var stack = string.IsNullOrWhiteSpace(input.Stack) ? null : input.Stack!.Trim();
        return new Requirement(spec.Text, spec, stack, severity, arches, nuGetVersions, location) { LockedDependencies = input.LockedDependencies };
    }

    private static Diagnostic Invalid(string text, int column, string reason, SourceLocation? location) =>
        new(DiagnosticCodes.InvalidRequirement, DiagnosticSeverity.Error, string.Format(Messages.RequirementInvalid, text, column, reason), location);

    // The location points at the spec's first character in its file (or each part's, for a text
    // joined from parts); move it to the bad token.
    private static SourceLocation? At(RequirementInput input, int column)
    {
        var location = input.Location;
        var offset = column - 1;
        var part = input.Parts?.LastOrDefault(p => p.Offset <= offset);
        if (part is not null)
        {
            location = part.Location;
            offset -= part.Offset;
        }

        return location is { Line: > 0, Column: > 0 } ? location with { Column = location.Column + offset } : location;
    }

    private static void Add(ICollection<Diagnostic> diagnostics, Diagnostic? diagnostic)
    {
        if (diagnostic is not null)
        {
            diagnostics.Add(diagnostic);
        }
    }
}
