using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>
/// Expands an environment's spec lists as Spack does (environment/list.py): <c>$name</c> splices
/// in a definition built earlier, <c>$^name</c> and <c>$%name</c> with the sigil on the first
/// constraint of each of its specs; a <c>matrix:</c> is the cartesian product of its rows, less
/// the combinations that satisfy an <c>exclude:</c> entry, a nested matrix's combinations joined
/// into one constraint each; a <c>group:</c> entry contributes its specs.
/// Each problem is one CT3003 and only the entry it is in is left out.
/// </summary>
internal sealed class SpecListExpander(ConditionEvaluator conditions, ICollection<Diagnostic> diagnostics)
{
    /// <summary>
    /// The most specs one list may expand to. References and matrices multiply, so a few lines
    /// can ask for billions; Spack's own CI stacks expand to a few thousand.
    /// </summary>
    public const int MaxSpecs = 100_000;

    private const string GroupKey = "group";

    // The keys a group with one matrix holds besides matrix: and exclude:.
    private static readonly HashSet<string> GroupKeys = new(StringComparer.Ordinal) { GroupKey, "explicit", "needs", "override" };

    private readonly Dictionary<string, List<EnvironmentSpec>> _definitions = new(StringComparer.Ordinal);

    /// <summary>Builds the definitions in the order their names first appear; each can use only the names before it.</summary>
    public void Define(IEnumerable<Definition> definitions)
    {
        foreach (var group in definitions.GroupBy(d => d.Name, StringComparer.Ordinal))
        {
            var specs = new List<EnvironmentSpec>();
            foreach (var part in group)
            {
                if (part.When is not null && !Holds(part.When, part.Name, part.File, part.WhenNode!))
                {
                    continue;
                }

                specs.AddRange(Expand(part.Items, part.File));
                if (specs.Count > MaxSpecs)
                {
                    specs.Clear();
                    diagnostics.Add(TooMany(part.File, part.Items, "$" + part.Name).ToDiagnostic());
                    break;
                }
            }

            _definitions[group.Key] = specs;
        }
    }

    /// <summary>Evaluates a when: condition; one it cannot evaluate is CT3003 and counts as false.</summary>
    public bool Holds(string when, string guarded, string file, YamlNode node)
    {
        try
        {
            return conditions.Evaluate(when);
        }
        catch (ConditionException e)
        {
            var reason = e.MissingVariable is not null
                ? string.Format(Messages.EnvironmentErrorEnvVariable, when, guarded, e.MissingVariable)
                : string.Format(Messages.EnvironmentErrorWhen, when, guarded, e.Unsupported);
            diagnostics.Add(new EnvironmentException(file, reason, EnvironmentYaml.At(file, node)).ToDiagnostic());
            return false;
        }
    }

    public List<EnvironmentSpec> Expand(YamlSequenceNode list, string file)
    {
        var result = new List<EnvironmentSpec>();
        foreach (var item in list.Children)
        {
            try
            {
                switch (item)
                {
                    case YamlScalarNode { Value: { } text } scalar when text.StartsWith("$", StringComparison.Ordinal):
                        result.AddRange(Reference(text, file, scalar));
                        break;
                    case YamlScalarNode { Value: { } text } scalar when text.Trim().Length > 0:
                        result.Add(new EnvironmentSpec([new SpecPart(text, EnvironmentYaml.TextAt(file, scalar))]));
                        break;
                    case YamlMappingNode group when EnvironmentYaml.Child(group, GroupKey) is not null:
                        result.AddRange(Group(group, file));
                        break;
                    case YamlMappingNode matrix:
                        result.AddRange(Matrix(matrix, file));
                        break;
                    default:
                        throw Shape(file, item, Messages.EnvironmentShapeSpecEntry, Describe(item));
                }
            }
            catch (EnvironmentException e)
            {
                diagnostics.Add(e.ToDiagnostic());
            }

            if (result.Count > MaxSpecs)
            {
                diagnostics.Add(TooMany(file, item, Describe(item)).ToDiagnostic());
                result.Clear();
                break;
            }
        }

        return result;
    }

    private IEnumerable<EnvironmentSpec> Reference(string text, string file, YamlScalarNode node)
    {
        var name = text.Substring(1);
        var sigil = string.Empty;
        if (name.StartsWith("^", StringComparison.Ordinal) || name.StartsWith("%", StringComparison.Ordinal))
        {
            sigil = name.Substring(0, 1);
            name = name.Substring(1);
        }

        if (!_definitions.TryGetValue(name, out var specs))
        {
            throw new EnvironmentException(file, string.Format(Messages.EnvironmentErrorUndefined, text, name), EnvironmentYaml.TextAt(file, node));
        }

        return specs.Select(s => s.WithSigil(sigil));
    }

    /// <summary>
    /// A user spec group (Spack's schema/spec_list.py, <c>group_name_and_deps</c>; spack-tutorial's
    /// stacks use it): its <c>specs:</c> list, or its one <c>matrix:</c> with <c>exclude:</c>, are
    /// roots of the environment like any other entry's. <c>needs:</c>, <c>explicit:</c> and
    /// <c>override:</c> tell Spack in which order, how marked and with which configuration to
    /// concretize them; they do not change which specs are asked for, so they are checked for
    /// shape and the specs are read as written (as the environment's own <c>packages:</c> is not read).
    /// </summary>
    private List<EnvironmentSpec> Group(YamlMappingNode node, string file)
    {
        var extra = node.Children.Keys.FirstOrDefault(k => k is not YamlScalarNode { Value: GroupKey or "explicit" or "needs" or "override" or "specs" or "matrix" or "exclude" });
        var specs = EnvironmentYaml.Child(node, "specs");
        if (extra is not null || (specs is not null && (EnvironmentYaml.Child(node, "matrix") is not null || EnvironmentYaml.Child(node, "exclude") is not null)))
        {
            throw Shape(file, extra ?? node, Messages.EnvironmentShapeGroup, GroupKey);
        }

        if (EnvironmentYaml.Child(node, GroupKey) is not YamlScalarNode { Value: { Length: > 0 } } name)
        {
            throw Shape(file, EnvironmentYaml.Child(node, GroupKey)!, Messages.EnvironmentShapeString, GroupKey);
        }

        if (EnvironmentYaml.Child(node, "needs") is { } needs && (needs is not YamlSequenceNode needed || needed.Children.Any(n => n is not YamlScalarNode)))
        {
            throw Shape(file, needs, Messages.EnvironmentShapeStringList, "needs");
        }

        if (EnvironmentYaml.Child(node, "explicit") is { } explicitNode && explicitNode is not YamlScalarNode { Value: "true" or "false" or "True" or "False" })
        {
            throw Shape(file, explicitNode, Messages.EnvironmentShapeBoolean, "explicit");
        }

        if (EnvironmentYaml.Child(node, "override") is { } overrideNode && overrideNode is not YamlMappingNode)
        {
            throw Shape(file, overrideNode, Messages.EnvironmentShapeMapping, "override");
        }

        if (specs is not null)
        {
            return specs is YamlSequenceNode list ? Expand(list, file) : throw Shape(file, specs, Messages.EnvironmentShapeList, "specs");
        }

        return EnvironmentYaml.Child(node, "matrix") is null ? [] : Matrix(node, file, GroupKeys);
    }

    private List<EnvironmentSpec> Matrix(YamlMappingNode node, string file, ISet<string>? alsoAllowed = null)
    {
        var extra = node.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is not ("matrix" or "exclude") && !(alsoAllowed?.Contains(k.Value!) ?? false));
        if (extra is not null || EnvironmentYaml.Child(node, "matrix") is not YamlSequenceNode rows || rows.Children.Count == 0)
        {
            throw Shape(file, (YamlNode?)extra ?? node, Messages.EnvironmentShapeMatrix, "matrix");
        }

        var expandedRows = new List<List<EnvironmentSpec>>();
        foreach (var row in rows.Children)
        {
            if (row is not YamlSequenceNode rowList)
            {
                throw Shape(file, row, Messages.EnvironmentShapeList, "matrix");
            }

            expandedRows.Add(Expand(rowList, file));
        }

        if (expandedRows.Aggregate(1.0, (product, row) => product * row.Count) > MaxSpecs)
        {
            throw TooMany(file, node, "matrix");
        }

        var excludes = new List<SpecConstraint>();
        if (EnvironmentYaml.Child(node, "exclude") is { } excludeNode)
        {
            if (excludeNode is not YamlSequenceNode excludeList)
            {
                throw Shape(file, excludeNode, Messages.EnvironmentShapeList, "exclude");
            }

            foreach (var entry in excludeList.Children)
            {
                if (entry is not YamlScalarNode { Value: { } text } scalar)
                {
                    diagnostics.Add(Shape(file, entry, Messages.EnvironmentShapeString, "exclude").ToDiagnostic());
                    continue;
                }

                try
                {
                    excludes.Add(SpecParser.ParseAnonymous(text));
                }
                catch (SpecParseException e)
                {
                    var at = EnvironmentYaml.TextAt(file, scalar);
                    diagnostics.Add(new EnvironmentException(file, string.Format(Messages.EnvironmentErrorExclude, text, e.Message), at with { Column = at.Column + e.Column - 1 }).ToDiagnostic());
                }
            }
        }

        var combinations = new List<EnvironmentSpec>();
        foreach (var combination in Product(expandedRows))
        {
            // Each row gives one constraint; a row item that is itself a matrix combination (a nested
            // matrix, or $^name of a matrix) is joined into one string first, as list.py does, so its
            // later constraints stay with its first ("^paraview +qt ^glew", "^mpich @3.0.4").
            var spec = new EnvironmentSpec(combination.Select(s => s.AsOneConstraint()).ToList());
            if (excludes.Count == 0 || !IsExcluded(spec, excludes))
            {
                combinations.Add(spec);
            }
        }

        return combinations;
    }

    private bool IsExcluded(EnvironmentSpec spec, List<SpecConstraint> excludes)
    {
        SpecConstraint parsed;
        try
        {
            parsed = SpecParser.ParseAnonymous(spec.Text);
        }
        catch (SpecParseException)
        {
            // Kept, so the requirement reader reports the bad spec where it was written.
            return false;
        }

        return excludes.Any(e => AbstractSatisfaction.Satisfies(parsed, e, conditions.Microarchitectures));
    }

    private static IEnumerable<List<EnvironmentSpec>> Product(List<List<EnvironmentSpec>> rows)
    {
        IEnumerable<List<EnvironmentSpec>> combinations = [[]];
        foreach (var row in rows)
        {
            var current = row;
            combinations = combinations.SelectMany(prefix => current.Select(spec => new List<EnvironmentSpec>(prefix) { spec }));
        }

        return combinations;
    }

    // A node's own text can be huge (an alias repeats a whole list), so only scalars are quoted.
    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: { } text } => text.Length > 80 ? text.Remove(80) + "…" : text,
        YamlSequenceNode => "[…]",
        YamlMappingNode => "{…}",
        _ => string.Empty,
    };

    private static EnvironmentException TooMany(string file, YamlNode node, string what) =>
        new(file, string.Format(Messages.EnvironmentErrorTooManySpecs, what, MaxSpecs), EnvironmentYaml.At(file, node));

    private static EnvironmentException Shape(string file, YamlNode node, string shape, string what) =>
        new(file, string.Format(Messages.EnvironmentErrorShape, what, shape), EnvironmentYaml.At(file, node));
}
