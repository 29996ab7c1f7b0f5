using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Environments;

/// <summary>
/// Evaluates the <c>when:</c> conditions of definitions and includes. Spack evaluates them as
/// Python against the host; this evaluator takes the common, side-effect-free forms and refuses
/// anything else (throws <see cref="ConditionException"/> naming it), so a condition is never
/// guessed: <c>platform</c>, <c>os</c>, <c>target</c>, <c>arch</c> (platform-os-target) compared
/// with <c>==</c>/<c>!=</c> to a quoted string, <c>env['VAR']</c>, <c>env.get('VAR')</c>,
/// <c>'VAR' in env</c> / <c>not in env</c>, <c>True</c>, <c>False</c>, <c>None</c>,
/// <c>and</c>, <c>or</c>, <c>not</c>, parentheses, and <c>arch.satisfies('…')</c> with only
/// <c>platform=</c>, <c>os=</c>, <c>target=</c> (<c>T</c>, <c>T:</c>, <c>:T</c>) or <c>arch=</c>
/// in it, as Spack's documentation writes conditions.
/// </summary>
internal sealed class ConditionEvaluator(SpackArch host, IReadOnlyDictionary<string, string> variables, MicroarchitectureTable microarchitectures)
{
    private static readonly object EnvMarker = new();

    private SpackArch Host { get; } = host;

    private IReadOnlyDictionary<string, string> Variables { get; } = variables;

    public bool Evaluate(string expression)
    {
        var starts = new List<int>();
        var parser = new Parser(expression, Tokenize(expression, starts), starts, this);
        var value = parser.ParseOr();
        parser.ExpectEnd();
        return Truthy(value);
    }

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        _ => throw new ConditionException("env"),
    };

    private static List<string> Tokenize(string text, List<int> starts)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            starts.Add(i);
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new ConditionException(text.Substring(i));
                }

                tokens.Add(text.Substring(i, end - i + 1));
                i = end + 1;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text.Substring(start, i - start));
            }
            else if (i + 1 < text.Length && (text.Substring(i, 2) is "==" or "!="))
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (c is '(' or ')' or '[' or ']' or '.' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new ConditionException(text.Substring(i));
            }
        }

        return tokens;
    }

    // The host arch is concrete, so it satisfies an arch-only constraint when each part it names holds.
    private bool ArchSatisfies(string constraint)
    {
        SpecConstraint spec;
        try
        {
            spec = SpecParser.ParseAnonymous(constraint);
        }
        catch (SpecParseException)
        {
            return false;
        }

        if (spec.Name.Length > 0 || spec.HasVersions || spec.Variants.Count > 0 || spec.Compiler is not null || spec.Hash is not null || spec.Dependencies.Count > 0)
        {
            throw new ConditionException(constraint);
        }

        var target = spec.Target;
        return (spec.Platform is null || spec.Platform == Host.Platform)
            && (spec.Os is null || spec.Os == Host.Os)
            && (target is null || target.Match switch
            {
                TargetMatch.OrDescendant => Host.Target == target.Name || microarchitectures.AncestorsOf(Host.Target).Contains(target.Name),
                TargetMatch.OrAncestor => Host.Target == target.Name || microarchitectures.AncestorsOf(target.Name).Contains(Host.Target),
                _ => Host.Target == target.Name,
            });
    }

    private sealed class Parser(string text, List<string> tokens, List<int> starts, ConditionEvaluator evaluator)
    {
        private readonly SpackArch host = evaluator.Host;
        private readonly IReadOnlyDictionary<string, string> variables = evaluator.Variables;

        private int _next;

        public object? ParseOr()
        {
            var value = ParseAnd();
            while (Accept("or"))
            {
                var right = ParseAnd();
                value = Truthy(value) || Truthy(right);
            }

            return value;
        }

        public void ExpectEnd()
        {
            if (_next < tokens.Count)
            {
                throw Unsupported(_next);
            }
        }

        private object? ParseAnd()
        {
            var value = ParseNot();
            while (Accept("and"))
            {
                var right = ParseNot();
                value = Truthy(value) && Truthy(right);
            }

            return value;
        }

        private object? ParseNot()
        {
            if (Accept("not"))
            {
                return !Truthy(ParseNot());
            }

            return ParseComparison();
        }

        private object? ParseComparison()
        {
            var start = _next;
            var left = ParseOperand();
            if (Accept("=="))
            {
                return Equals(Comparable(left, start), Comparable(ParseOperand(), _next - 1));
            }

            if (Accept("!="))
            {
                return !Equals(Comparable(left, start), Comparable(ParseOperand(), _next - 1));
            }

            var negated = Peek("not") && PeekAt(1, "in");
            if (negated)
            {
                _next++;
            }

            if (Accept("in"))
            {
                var containerAt = _next;
                var container = ParseOperand();
                if (container != EnvMarker || left is not string name)
                {
                    throw Unsupported(containerAt);
                }

                return variables.ContainsKey(name) != negated;
            }

            return left;
        }

        private object? Comparable(object? value, int at) =>
            value == EnvMarker ? throw Unsupported(at) : value;

        private object? ParseOperand()
        {
            if (_next >= tokens.Count)
            {
                throw new ConditionException(text.Trim());
            }

            var at = _next;
            var token = tokens[_next++];
            if (token == "(")
            {
                var inner = ParseOr();
                Expect(")", at);
                return inner;
            }

            if (token[0] is '\'' or '"')
            {
                return token.Substring(1, token.Length - 2);
            }

            switch (token)
            {
                case "True":
                    return true;
                case "False":
                    return false;
                case "None":
                    return null;
                case "platform":
                    return NotFollowedByAccess(host.Platform, at);
                case "os":
                    return NotFollowedByAccess(host.Os, at);
                case "target":
                    return NotFollowedByAccess(host.Target, at);
                case "arch" when Peek("."):
                    return ParseArchSatisfies(at);
                case "arch":
                    return NotFollowedByAccess(host.ToString(), at);
                case "env":
                    return ParseEnv(at);
                default:
                    throw Unsupported(at);
            }
        }

        private bool ParseArchSatisfies(int at)
        {
            if (!Accept(".") || !Accept("satisfies") || !Accept("("))
            {
                throw Unsupported(at);
            }

            var constraint = ParseStringLiteral(at);
            Expect(")", at);
            try
            {
                return evaluator.ArchSatisfies(constraint);
            }
            catch (ConditionException)
            {
                throw Unsupported(at);
            }
        }

        private object? ParseEnv(int at)
        {
            if (Accept("["))
            {
                var name = ParseStringLiteral(at);
                Expect("]", at);
                return variables.TryGetValue(name, out var value) ? value : throw ConditionException.Missing(name);
            }

            if (Accept("."))
            {
                if (!Accept("get") || !Accept("("))
                {
                    throw Unsupported(at);
                }

                var name = ParseStringLiteral(at);
                object? fallback = null;
                if (Accept(","))
                {
                    fallback = ParseOperand();
                }

                Expect(")", at);
                return variables.TryGetValue(name, out var value) ? value : fallback;
            }

            return EnvMarker;
        }

        private string ParseStringLiteral(int at)
        {
            if (_next < tokens.Count && tokens[_next][0] is '\'' or '"')
            {
                var token = tokens[_next++];
                return token.Substring(1, token.Length - 2);
            }

            throw Unsupported(at);
        }

        // arch.satisfies(...), target.family and the like are Python objects' methods: not evaluated.
        private object NotFollowedByAccess(string value, int at) =>
            Peek(".") || Peek("[") || Peek("(") ? throw Unsupported(at) : value;

        private void Expect(string token, int at)
        {
            if (!Accept(token))
            {
                throw Unsupported(at);
            }
        }

        private bool Accept(string token)
        {
            if (Peek(token))
            {
                _next++;
                return true;
            }

            return false;
        }

        private bool Peek(string token) => PeekAt(0, token);

        private bool PeekAt(int ahead, string token) => _next + ahead < tokens.Count && tokens[_next + ahead] == token;

        // Names the rest of the expression from the token it could not take, which is what the user has to change.
        private ConditionException Unsupported(int at) =>
            new(at < starts.Count ? text.Substring(starts[at]).Trim() : text.Trim());
    }
}
