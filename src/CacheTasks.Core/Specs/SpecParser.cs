using CacheTasks.Diagnostics;

namespace CacheTasks.Specs;

/// <summary>
/// Parses a Spack spec as Spack ≥ 1.0 does (lib/spack/spack/spec_parser.py):
/// <c>name[/hash][@versions] [+v ~v -v k=v k:=v] [platform=… os=… target=… arch=p-o-t]</c> then
/// dependency clauses. <c>^dep …</c> is a dependency anywhere in the graph and whatever follows it
/// up to the next <c>^</c> is its own; <c>%dep …</c> is a direct dependency of the node before it
/// (the root, or the last <c>^</c> node), and whatever follows it up to the next clause is its own:
/// <c>lz4 %gcc target=x86_64</c> is lz4 built by a gcc whose target is x86_64. A clause may carry
/// edge attributes (<c>^[virtuals=mpi deptypes=build,link] openmpi</c>) or their shorthand
/// (<c>^mpi=openmpi</c>, <c>%c,cxx=gcc</c>). The first <c>%</c> clause that names a compiler, or
/// whose edge provides <c>c</c>, <c>cxx</c> or <c>fortran</c>, is the node's
/// <see cref="SpecConstraint.Compiler"/>; every other clause is in <see cref="SpecConstraint.Dependencies"/>.
/// </summary>
public static class SpecParser
{
    /// <param name="text">The spec.</param>
    /// <param name="legacySyntax">
    /// Spack before 1.0, as legacy cache pages write specs: <c>%compiler[@version]</c> is the
    /// package's compiler and variants or arch after it still belong to the package.
    /// </param>
    public static SpecConstraint Parse(string text, bool legacySyntax = false) =>
        new State(text, legacySyntax, allowAnonymous: false).Parse();

    /// <summary>
    /// Parses a spec that may leave out the package name (<c>%gcc@12</c>, <c>+mpi</c>), as the
    /// constraints of a matrix row or an <c>exclude:</c> entry in a Spack environment do.
    /// </summary>
    public static SpecConstraint ParseAnonymous(string text) =>
        new State(text, legacySyntax: false, allowAnonymous: true).Parse();

    private static bool IsHashChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    private static bool IsNameChar(char c) => IsNameStart(c) || c is '-' or '.';

    private static bool IsIdentifierChar(char c) => IsNameStart(c) || c == '-';

    private static bool IsVariantNameChar(char c) => IsNameStart(c) || c is '-' or '.';

    private static bool IsVersionChar(char c) => IsNameStart(c) || c is '.' or '-' or ':' or ',' or '=';

    /// <summary>One node while it is being read: the root or the node of a clause.</summary>
    private sealed class Node(int start)
    {
        public int Start { get; } = start;

        public int End { get; set; } = start;

        public string Name { get; set; } = string.Empty;

        public VersionConstraint? Versions { get; set; }

        public List<VariantRequest> Variants { get; } = [];

        public string? Platform { get; set; }

        public string? Os { get; set; }

        public TargetConstraint? Target { get; set; }

        public string? Hash { get; set; }

        /// <summary>The option tokens besides the version, as written (what a compiler node asks beyond name and version).</summary>
        public List<string> Extras { get; } = [];

        public List<Clause> Clauses { get; } = [];

        /// <summary>A legacy page spec's <c>%compiler</c>.</summary>
        public CompilerRequest? LegacyCompiler { get; set; }
    }

    private sealed class Clause(char sigil, int start)
    {
        public char Sigil { get; } = sigil;

        public int Start { get; } = start;

        public int End { get; set; } = -1;

        public List<string> Virtuals { get; } = [];

        public List<string> Deptypes { get; } = [];

        public string? When { get; set; }

        public Node Node { get; set; } = null!;
    }

    private sealed class State(string text, bool legacySyntax, bool allowAnonymous)
    {
        private int _position;

        // Every %compiler clause, of any node, that variants or arch follow: where it is written and what it asks.
        private readonly List<(int Start, int End, LegacyCompilerClause Clause)> _legacyClauses = [];

        // Where a legacy page's %compiler began, and whether a version right after it is still the compiler's.
        private int _legacyCompilerStart = -1;
        private bool _legacyCompilerOpen;

        public SpecConstraint Parse()
        {
            SkipWhitespace();
            if (_position >= text.Length)
            {
                throw Error(Messages.SpecErrorEmpty, 0);
            }

            var root = ParseNode(isRoot: true);
            var current = root;
            Clause? openDirect = null;
            Clause? openTransitive = null;
            while (true)
            {
                SkipWhitespace();
                if (_position >= text.Length)
                {
                    break;
                }

                var c = text[_position];
                if (c is not (DependencyClause.Transitive or DependencyClause.Direct))
                {
                    throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, c), _position);
                }

                var start = _position;
                Close(openDirect, start);
                openDirect = null;
                if (c == DependencyClause.Transitive)
                {
                    Close(openTransitive, start);
                }

                var clause = ParseClause();
                if (clause.Sigil == DependencyClause.Direct)
                {
                    // %dep belongs to the node before it: the root, or the last ^dep.
                    current.Clauses.Add(clause);
                    openDirect = clause;
                }
                else
                {
                    root.Clauses.Add(clause);
                    current = clause.Node;
                    openTransitive = clause;
                }
            }

            Close(openDirect, text.Length);
            Close(openTransitive, text.Length);
            return Build(root, text.Trim(), isRoot: true);
        }

        private static void Close(Clause? clause, int end)
        {
            if (clause is not null)
            {
                clause.End = end;
            }
        }

        private SpecConstraint Build(Node node, string nodeText, bool isRoot)
        {
            var dependencies = new List<DependencyClause>();
            var compiler = node.LegacyCompiler;
            Clause? compilerClause = null;
            foreach (var clause in node.Clauses)
            {
                var childEnd = Math.Max(clause.Node.End, clause.Node.Clauses.Select(c => c.End).DefaultIfEmpty(clause.Node.End).Max());
                var child = Build(clause.Node, Slice(clause.Node.Start, childEnd), isRoot: false);
                var built = new DependencyClause(clause.Sigil, clause.Virtuals.ToArray(), clause.Deptypes.ToArray(), child, Slice(clause.Start, clause.End)) { When = clause.When };
                if (compiler is null && clause.Sigil == DependencyClause.Direct && (CompilerNames.IsCompiler(child.Name) || clause.Virtuals.Any(CompilerNames.IsLanguage)))
                {
                    var compilerText = "%" + child.Name + (child.HasVersions ? "@" + child.Versions.Text : string.Empty);
                    compiler = new CompilerRequest(child.Name, child.Versions, compilerText) { Clause = built, NodeConstraints = clause.Node.Extras.ToArray() };
                    compilerClause = clause;
                }
                else
                {
                    dependencies.Add(built);
                }
            }

            if (compiler is { NodeConstraints.Count: > 0 } && compilerClause is not null)
            {
                _legacyClauses.Add((compilerClause.Start, compilerClause.End, new LegacyCompilerClause(node.Name, compiler.Text, compiler.NodeConstraintsText)));
            }

            return new SpecConstraint(nodeText, node.Name, node.Versions ?? VersionConstraint.Any, node.Variants, compiler, node.Platform, node.Os, node.Target)
            {
                Hash = node.Hash,
                Dependencies = dependencies,
                LegacyReading = isRoot ? LegacyReading() : null,
                LegacyClauses = isRoot ? _legacyClauses.OrderBy(c => c.Start).Select(c => c.Clause).ToArray() : [],
            };
        }

        // Spack < 1.0's reading of the whole text: each changed clause's variants and arch moved
        // before its %compiler (right to left, so earlier positions stay valid).
        private string? LegacyReading()
        {
            if (_legacyClauses.Count == 0)
            {
                return null;
            }

            var result = text.Trim();
            var offset = text.Length - text.TrimStart().Length;
            foreach (var (start, end, clause) in _legacyClauses.OrderByDescending(c => c.Start))
            {
                var before = result.Substring(0, start - offset).TrimEnd();
                var after = result.Substring(Math.Min(result.Length, end - offset)).Trim();
                result = string.Join(" ", new[] { before, clause.Constraints, clause.Compiler, after }.Where(p => p.Length > 0));
            }

            return result;
        }

        private string Slice(int start, int end) => text.Substring(start, end - start).Trim();

        private Clause ParseClause()
        {
            var clause = new Clause(text[_position], _position);
            _position++;
            if (clause.Sigil == DependencyClause.Direct && _position < text.Length && text[_position] == DependencyClause.Direct)
            {
                // %%gcc asks that the compiler be preferred for the dependencies too; for a binary it is the same ask.
                _position++;
            }

            SkipWhitespace();
            if (_position < text.Length && text[_position] == '[')
            {
                ParseEdgeAttributes(clause);
                SkipWhitespace();
            }

            ReadVirtualAssignment(clause);
            if (_position >= text.Length || !IsNameStart(text[_position]))
            {
                throw Error(clause.Sigil == DependencyClause.Direct ? Messages.SpecErrorExpectedCompiler : Messages.SpecErrorExpectedDependency, _position);
            }

            clause.Node = ParseNode(isRoot: false);
            return clause;
        }

        // [virtuals=mpi deptypes=build,link when=+cuda]: how the dependency is used, not what it is.
        private void ParseEdgeAttributes(Clause clause)
        {
            var open = _position;
            if (text.IndexOf(']', open) < 0)
            {
                throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, '['), open);
            }

            _position++;
            while (true)
            {
                SkipWhitespace();
                if (_position >= text.Length)
                {
                    throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, '['), open);
                }

                if (text[_position] == ']')
                {
                    _position++;
                    return;
                }

                var start = _position;
                var key = ReadWhile(IsVariantNameChar);
                var op = ReadOperator();
                var value = op is null ? string.Empty : ReadValue(stopAt: ']');
                if (key.Length == 0 || op is null || value.Length == 0)
                {
                    throw Error(Messages.SpecErrorEdgeAttribute, start);
                }

                var values = value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0);
                switch (key.TrimEnd(':'))
                {
                    case "virtuals":
                        clause.Virtuals.AddRange(values);
                        break;
                    case "deptypes":
                        clause.Deptypes.AddRange(values);
                        break;
                    case "when":
                        clause.When = value;
                        break;
                    default:
                        throw Error(Messages.SpecErrorEdgeAttribute, start);
                }
            }
        }

        // ^mpi=openmpi and %c,cxx=gcc: Spack ≥ 1.0's shorthand for ^[virtuals=mpi] openmpi.
        private void ReadVirtualAssignment(Clause clause)
        {
            var start = _position;
            var names = new List<string>();
            while (true)
            {
                var name = ReadWhile(IsIdentifierChar);
                if (name.Length == 0)
                {
                    _position = start;
                    return;
                }

                names.Add(name);
                if (_position < text.Length && text[_position] == ',')
                {
                    _position++;
                    continue;
                }

                break;
            }

            if (_position + 1 < text.Length && text[_position] == '=' && IsNameStart(text[_position + 1]))
            {
                _position++;
                clause.Virtuals.AddRange(names);
                return;
            }

            _position = start;
        }

        private Node ParseNode(bool isRoot)
        {
            var node = new Node(_position);
            if (IsNameStart(text[_position]))
            {
                var nameStart = _position;
                node.Name = ReadWhile(IsNameChar);

                // builtin.yaml-cpp: a namespace-qualified name; package names hold no '.'.
                node.Name = node.Name.Substring(node.Name.LastIndexOf('.') + 1);
                if (isRoot && allowAnonymous && ReadOperator() is not null)
                {
                    // "target=x86_64" starts with a key, not a name: an anonymous spec.
                    node.Name = string.Empty;
                    _position = nameStart;
                }
            }
            else if (!isRoot || !allowAnonymous)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedName, text[_position]), _position);
            }

            node.End = _position;
            while (true)
            {
                var sawWhitespace = SkipWhitespace();
                if (_position >= text.Length)
                {
                    break;
                }

                var c = text[_position];
                if (c == DependencyClause.Transitive || (c == DependencyClause.Direct && !(legacySyntax && isRoot)))
                {
                    break;
                }

                ParseOption(node, sawWhitespace);
                node.End = _position;
            }

            _position = node.End;
            return node;
        }

        private void ParseOption(Node node, bool sawWhitespace)
        {
            var start = _position;
            var c = text[_position];
            switch (c)
            {
                case '@':
                    ParseVersions(node, start);
                    return;
                case DependencyClause.Direct:
                    ParseLegacyCompiler(node, start);
                    return;
                case '/':
                    ParseHash(node, start);
                    return;
                case '+':
                case '~':
                    ParseBooleanVariant(node, start, enabled: c == '+');
                    return;
                case '-' when sawWhitespace:
                    ParseBooleanVariant(node, start, enabled: false);
                    return;
            }

            if (!IsNameStart(c))
            {
                throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, c), start);
            }

            var key = ReadWhile(IsVariantNameChar);
            var op = ReadOperator();
            if (op is null)
            {
                throw Error(string.Format(Messages.SpecErrorSecondName, key, node.Name), start);
            }

            var value = ReadValue(stopAt: null);
            if (value.Length == 0)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedValue, key), _position);
            }

            AddKeyValue(node, key, op, value, start);
        }

        private void ParseVersions(Node node, int start)
        {
            _position++;
            var valueStart = _position;
            var value = ReadWhile(IsVersionChar);
            if (!VersionConstraint.TryParse(value, out var constraint, out var offset, out var error))
            {
                throw Error(string.Format(Messages.SpecErrorVersion, error), valueStart + offset);
            }

            // A legacy page's version right after %compiler (with or without a space) is the compiler's, as in old Spack.
            if (node.LegacyCompiler is { } legacy && legacy.Versions == VersionConstraint.Any && _legacyCompilerOpen)
            {
                node.LegacyCompiler = new CompilerRequest(legacy.Name, constraint!, text.Substring(_legacyCompilerStart, _position - _legacyCompilerStart));
                return;
            }

            if (node.Versions is not null)
            {
                throw Error(Messages.SpecErrorSecondVersion, start);
            }

            node.Versions = constraint;
        }

        private void ParseLegacyCompiler(Node node, int start)
        {
            if (node.LegacyCompiler is not null)
            {
                throw Error(Messages.SpecErrorSecondCompiler, start);
            }

            _position++;
            var name = ReadWhile(IsNameChar);
            if (name.Length == 0)
            {
                throw Error(Messages.SpecErrorExpectedCompiler, _position);
            }

            node.LegacyCompiler = new CompilerRequest(name, VersionConstraint.Any, text.Substring(start, _position - start));
            _legacyCompilerStart = start;
            _legacyCompilerOpen = true;
            if (_position < text.Length && text[_position] == '@')
            {
                ParseVersions(node, _position);
            }
        }

        private void ParseHash(Node node, int start)
        {
            _position++;
            var hash = ReadWhile(IsHashChar);
            if (hash.Length == 0)
            {
                throw Error(Messages.SpecErrorExpectedHash, _position);
            }

            node.Hash = Once(node.Hash, hash, "/", start);
            Extra(node, start);
        }

        private void ParseBooleanVariant(Node node, int start, bool enabled)
        {
            // ++v, ~~v and --v ask to propagate to dependencies; for a binary's own variant it is the same ask.
            var sigil = text[_position];
            _position++;
            if (_position < text.Length && text[_position] == sigil)
            {
                _position++;
            }

            var name = ReadWhile(IsVariantNameChar);
            if (name.Length == 0)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedVariant, sigil), _position);
            }

            // ~os, +target: Spack refuses an arch key as a boolean rather than drop it.
            if (ArchKey(name) is not null)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedValue, name), start);
            }

            var tokenText = text.Substring(start, _position - start);
            node.Variants.Add(enabled ? VariantRequest.Enabled(name, tokenText) : VariantRequest.Disabled(name, tokenText));
            Extra(node, start);
        }

        private void AddKeyValue(Node node, string key, string op, string value, int start)
        {
            var tokenText = text.Substring(start, _position - start);
            Extra(node, start);
            var archKey = ArchKey(key);
            if (archKey is not null)
            {
                AddArch(node, key, archKey, op, value, start);
                return;
            }

            if (node.Variants.Any(v => v.Name == key))
            {
                throw Error(string.Format(Messages.SpecErrorDuplicate, key), start);
            }

            node.Variants.Add(VariantRequest.WithValues(key, value, exact: op.StartsWith(":", StringComparison.Ordinal), tokenText));
        }

        // Spack's spelling of the arch keys (spec.py _add_flag): architecture= is arch=, operating_system= is os=.
        private static string? ArchKey(string key) => key switch
        {
            "arch" or "architecture" => "arch",
            "platform" => "platform",
            "os" or "operating_system" => "os",
            "target" => "target",
            _ => null,
        };

        // As Spack's Spec._add_flag reads them: an arch applies to one node, so it never propagates
        // (==); its parts print unquoted, so each must be a value that parses without quotes.
        private static void AddArch(Node node, string key, string archKey, string op, string value, int start)
        {
            var valueStart = start + key.Length + op.Length;
            if (op.EndsWith("==", StringComparison.Ordinal))
            {
                throw Error(string.Format(Messages.SpecErrorArchPropagation, key), start);
            }

            if (!value.All(IsUnquotedValueChar))
            {
                throw Error(string.Format(Messages.SpecErrorArchValue, value, key), valueStart);
            }

            switch (archKey)
            {
                case "platform":
                    node.Platform = Once(node.Platform, value, "platform", start);
                    return;
                case "os":
                    node.Os = Once(node.Os, value, "os", start);
                    return;
                case "target":
                    node.Target = TargetConstraint.Parse(Once(node.Target?.ToString(), value, "target", start));
                    return;
            }

            // plat, os, tgt = parts if len(parts) == 3 else (None, None, value): three parts are
            // platform-os-target, anything else is the target (arch=x86_64 is target=x86_64). An
            // empty part sets nothing, as Spack's empty string constrains nothing.
            var parts = value.Split('-');
            if (parts.Length != 3)
            {
                parts = [string.Empty, string.Empty, value];
            }

            if (parts[0].Length > 0)
            {
                node.Platform = Once(node.Platform, parts[0], "platform", start);
            }

            if (parts[1].Length > 0)
            {
                node.Os = Once(node.Os, parts[1], "os", start);
            }

            if (parts[2].Length > 0)
            {
                node.Target = TargetConstraint.Parse(Once(node.Target?.ToString(), parts[2], "target", start));
            }
        }

        // spec_parser.py's unquoted VALUE: what an arch part may hold.
        private static bool IsUnquotedValueChar(char c) => IsNameStart(c) || c is '-' or '+' or '*' or '.' or ',' or ':' or '=' or '~' or '/' or '\\';

        // Each token after the version ends what a legacy %compiler@version can take.
        private void Extra(Node node, int start)
        {
            _legacyCompilerOpen = false;
            node.Extras.Add(text.Substring(start, _position - start));
        }

        private static string Once(string? existing, string value, string key, int start) =>
            existing is null ? value : throw Error(string.Format(Messages.SpecErrorDuplicate, key), start);

        // A value runs to the next space; a quoted one (cflags="-g -O0") to its closing quote.
        private string ReadValue(char? stopAt)
        {
            if (_position < text.Length && text[_position] is '\'' or '"')
            {
                var quote = text[_position];
                var close = text.IndexOf(quote, _position + 1);
                if (close < 0)
                {
                    throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, quote), _position);
                }

                var quoted = text.Substring(_position + 1, close - _position - 1);
                _position = close + 1;
                return quoted;
            }

            return ReadWhile(ch => !char.IsWhiteSpace(ch) && ch != stopAt);
        }

        private string? ReadOperator()
        {
            if (_position >= text.Length)
            {
                return null;
            }

            foreach (var op in new[] { ":==", ":=", "==", "=" })
            {
                if (string.CompareOrdinal(text, _position, op, 0, op.Length) == 0)
                {
                    _position += op.Length;
                    return op;
                }
            }

            return null;
        }

        private bool SkipWhitespace()
        {
            var start = _position;
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }

            return _position > start;
        }

        private string ReadWhile(Func<char, bool> accept)
        {
            var start = _position;
            while (_position < text.Length && accept(text[_position]))
            {
                _position++;
            }

            return text.Substring(start, _position - start);
        }

        private static SpecParseException Error(string message, int offset) => new(message, offset + 1);
    }
}
