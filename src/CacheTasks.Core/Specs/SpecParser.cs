using CacheTasks.Diagnostics;

namespace CacheTasks.Specs;

/// <summary>
/// Parses a Spack spec as a requirement writes it:
/// <c>name[/hash][@versions] [+v ~v -v k=v k:=v] [platform=… os=… target=… arch=p-o-t] [%compiler[@versions]] [^dependency …]</c>.
/// Follows Spack 1.0: whatever comes after <c>%compiler</c> belongs to the compiler, so variants or
/// arch keys there are an error whose message shows the spec rewritten with them before <c>%</c>;
/// whatever comes after <c>^</c> belongs to that dependency, up to the next <c>^</c>.
/// </summary>
public static class SpecParser
{
    /// <param name="text">The spec.</param>
    /// <param name="legacySyntax">
    /// Spack before 1.0, as legacy cache pages write specs: variants and arch after <c>%compiler</c>
    /// still belong to the package.
    /// </param>
    public static SpecConstraint Parse(string text, bool legacySyntax = false)
    {
        var parser = new State(text, legacySyntax, allowAnonymous: false);
        return parser.Parse();
    }

    /// <summary>
    /// Parses a spec that may leave out the package name (<c>%gcc@12</c>, <c>+mpi</c>), as the
    /// constraints of a matrix row or an <c>exclude:</c> entry in a Spack environment do.
    /// </summary>
    public static SpecConstraint ParseAnonymous(string text)
    {
        var parser = new State(text, legacySyntax: false, allowAnonymous: true);
        return parser.Parse();
    }

    private static bool IsHashChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    private static bool IsNameChar(char c) => IsNameStart(c) || c is '-' or '.';

    private static bool IsVariantNameChar(char c) => IsNameStart(c) || c is '-' or '.';

    private static bool IsVersionChar(char c) => IsNameStart(c) || c is '.' or '-' or ':' or ',' or '=';

    private sealed class State(string text, bool legacySyntax, bool allowAnonymous)
    {
        private readonly List<SpecConstraint> _dependencies = [];
        private string? _hash;
        private readonly List<string> _tokensBeforeCompiler = [];
        private readonly List<VariantRequest> _variants = [];
        private int _position;
        private string _name = string.Empty;
        private VersionConstraint? _versions;
        private string? _platform;
        private string? _os;
        private TargetConstraint? _target;
        private string? _compilerName;
        private VersionConstraint? _compilerVersions;
        private int _compilerStart = -1;
        private int _compilerEnd = -1;
        private int _firstAfterCompiler = -1;

        public SpecConstraint Parse()
        {
            SkipWhitespace();
            if (_position >= text.Length)
            {
                throw Error(Messages.SpecErrorEmpty, 0);
            }

            if (IsNameStart(text[_position]))
            {
                var nameStart = _position;
                _name = ReadWhile(IsNameChar);
                if (allowAnonymous && ReadOperator() is not null)
                {
                    // "target=x86_64" starts with a key, not a name: an anonymous spec.
                    _name = string.Empty;
                    _position = nameStart;
                }
            }
            else if (!allowAnonymous)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedName, text[_position]), _position);
            }

            var afterName = _position;
            while (true)
            {
                var sawWhitespace = SkipWhitespace();
                if (_position >= text.Length)
                {
                    break;
                }

                if (text[_position] == '^')
                {
                    ParseDependencies();
                    break;
                }

                ParseToken(sawWhitespace);
            }

            if (_firstAfterCompiler >= 0)
            {
                var compilerText = text.Substring(_compilerStart, _compilerEnd - _compilerStart);
                var rewritten = string.Join(" ", new[] { text.Substring(0, afterName).Trim() + VersionSuffix() }.Concat(_tokensBeforeCompiler).Concat([compilerText]));
                throw Error(string.Format(Messages.SpecErrorAfterCompiler, compilerText, rewritten), _firstAfterCompiler);
            }

            var compiler = _compilerName is null
                ? null
                : new CompilerRequest(_compilerName, _compilerVersions ?? VersionConstraint.Any, text.Substring(_compilerStart, _compilerEnd - _compilerStart));
            return new SpecConstraint(text.Trim(), _name, _versions ?? VersionConstraint.Any, _variants, compiler, _platform, _os, _target)
            {
                Hash = _hash,
                Dependencies = _dependencies,
            };
        }

        // Each "^…" up to the next '^' is one dependency; its own %compiler, variants and hash are its own.
        private void ParseDependencies()
        {
            while (_position < text.Length)
            {
                var start = _position;
                var end = text.IndexOf('^', start + 1);
                if (end < 0)
                {
                    end = text.Length;
                }

                var offset = start + 1;
                var dependency = text.Substring(offset, end - offset);
                var edge = dependency.TrimStart();
                if (edge.StartsWith("[", StringComparison.Ordinal))
                {
                    // ^[virtuals=mpi] openmpi: the edge's attributes say how it is used, not what it is.
                    var close = edge.IndexOf(']');
                    if (close < 0)
                    {
                        throw Error(string.Format(Messages.SpecErrorUnexpectedCharacter, '['), offset + dependency.Length - edge.Length);
                    }

                    offset += dependency.Length - edge.Length + close + 1;
                    dependency = edge.Substring(close + 1);
                }

                try
                {
                    _dependencies.Add(SpecParser.Parse(dependency, legacySyntax));
                }
                catch (SpecParseException e)
                {
                    throw Error(e.Message, offset + e.Column - 1);
                }

                _position = end;
            }
        }

        private string VersionSuffix() => _versions is null ? string.Empty : "@" + _versions.Text;

        private void ParseToken(bool sawWhitespace)
        {
            var start = _position;
            var c = text[_position];
            switch (c)
            {
                case '@':
                    ParseVersions(start);
                    return;
                case '%':
                    ParseCompiler(start);
                    return;
                case '/':
                    ParseHash(start);
                    return;
                case '+':
                case '~':
                    ParseBooleanVariant(start, enabled: c == '+');
                    return;
                case '-' when sawWhitespace:
                    ParseBooleanVariant(start, enabled: false);
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
                throw Error(string.Format(Messages.SpecErrorSecondName, key, _name), start);
            }

            var value = ReadWhile(ch => !char.IsWhiteSpace(ch));
            if (value.Length == 0)
            {
                throw Error(string.Format(Messages.SpecErrorExpectedValue, key), _position);
            }

            AddKeyValue(key, op, value, start);
        }

        private void ParseVersions(int start)
        {
            _position++;
            var valueStart = _position;
            var value = ReadWhile(IsVersionChar);
            if (!VersionConstraint.TryParse(value, out var constraint, out var offset, out var error))
            {
                throw Error(string.Format(Messages.SpecErrorVersion, error), valueStart + offset);
            }

            // A version after %compiler (with or without a space) is the compiler's, as in Spack.
            if (_compilerName is not null && _compilerVersions is null && _firstAfterCompiler < 0)
            {
                _compilerVersions = constraint;
                _compilerEnd = _position;
                return;
            }

            if (_compilerName is not null)
            {
                MarkAfterCompiler(start);
                return;
            }

            if (_versions is not null)
            {
                throw Error(Messages.SpecErrorSecondVersion, start);
            }

            _versions = constraint;
        }

        private void ParseHash(int start)
        {
            _position++;
            var hash = ReadWhile(IsHashChar);
            if (hash.Length == 0)
            {
                throw Error(Messages.SpecErrorExpectedHash, _position);
            }

            if (_compilerName is not null && !legacySyntax)
            {
                MarkAfterCompiler(start);
                return;
            }

            _hash = Once(_hash, hash, "/", start);
            _tokensBeforeCompiler.Add(text.Substring(start, _position - start));
        }

        private void ParseCompiler(int start)
        {
            if (_compilerName is not null)
            {
                throw Error(Messages.SpecErrorSecondCompiler, start);
            }

            _position++;
            var name = ReadWhile(IsNameChar);
            if (_position < text.Length && text[_position] == '=' && name.Length > 0)
            {
                // %c=gcc: Spack 1.0 names the language the compiler provides; the compiler is after '='.
                _position++;
                name = ReadWhile(IsNameChar);
            }

            if (name.Length == 0)
            {
                throw Error(Messages.SpecErrorExpectedCompiler, _position);
            }

            _compilerName = name;
            _compilerStart = start;
            _compilerEnd = _position;
            if (_position < text.Length && text[_position] == '@')
            {
                ParseVersions(_position);
            }
        }

        private void ParseBooleanVariant(int start, bool enabled)
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

            var tokenText = text.Substring(start, _position - start);
            if (_compilerName is not null && !legacySyntax)
            {
                MarkAfterCompiler(start);
                return;
            }

            _variants.Add(enabled ? VariantRequest.Enabled(name, tokenText) : VariantRequest.Disabled(name, tokenText));
            _tokensBeforeCompiler.Add(tokenText);
        }

        private void AddKeyValue(string key, string op, string value, int start)
        {
            var tokenText = text.Substring(start, _position - start);
            if (_compilerName is not null && !legacySyntax)
            {
                MarkAfterCompiler(start);
                return;
            }

            _tokensBeforeCompiler.Add(tokenText);
            switch (key)
            {
                case "platform":
                    _platform = Once(_platform, value, key, start);
                    return;
                case "os":
                    _os = Once(_os, value, key, start);
                    return;
                case "target":
                    _target = TargetConstraint.Parse(Once(_target?.ToString(), value, key, start));
                    return;
                case "arch":
                    var parts = value.Split(['-'], 3);
                    if (parts.Length != 3 || parts.Any(p => p.Length == 0))
                    {
                        throw Error(string.Format(Messages.SpecErrorArchShape, value), start + key.Length + op.Length);
                    }

                    _platform = Once(_platform, parts[0], "platform", start);
                    _os = Once(_os, parts[1], "os", start);
                    _target = TargetConstraint.Parse(Once(_target?.ToString(), parts[2], "target", start));
                    return;
            }

            if (_variants.Any(v => v.Name == key))
            {
                throw Error(string.Format(Messages.SpecErrorDuplicate, key), start);
            }

            _variants.Add(VariantRequest.WithValues(key, value, exact: op == ":=", tokenText));
        }

        private static string Once(string? existing, string value, string key, int start) =>
            existing is null ? value : throw Error(string.Format(Messages.SpecErrorDuplicate, key), start);

        private void MarkAfterCompiler(int start)
        {
            if (_firstAfterCompiler < 0)
            {
                _firstAfterCompiler = start;
            }

            _tokensBeforeCompiler.Add(text.Substring(start, _position - start));
        }

        private string? ReadOperator()
        {
            if (_position >= text.Length)
            {
                return null;
            }

            foreach (var op in new[] { ":=", "==", "=" })
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
