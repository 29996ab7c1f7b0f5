using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Environments;

/// <summary>
/// Evaluates the <c>when:</c> conditions of definitions and includes as Spack does: Spack runs
/// them through Python's <c>eval</c> with <c>platform</c>, <c>os</c>, <c>target</c>
/// (strings), <c>arch</c> and <c>architecture</c> (a spec with <c>satisfies</c>), <c>arch_str</c>,
/// <c>hostname</c>, <c>env</c> (the environment variables) and the <c>re</c> module in scope
/// (spack.spec.eval_conditional). This is the side-effect-free part of Python those conditions use:
/// literals (strings, raw strings, numbers, <c>True</c>/<c>False</c>/<c>None</c>, lists, tuples),
/// comparisons (chained, <c>in</c>, <c>not in</c>, <c>is</c>), <c>and</c>/<c>or</c>/<c>not</c>
/// with Python's short-circuit and truthiness, <c>+</c> on strings, string methods,
/// <c>len</c>/<c>str</c>/<c>int</c>/<c>bool</c>, <c>re.search</c>/<c>re.match</c>/<c>re.fullmatch</c>
/// (and the match's <c>group</c>), <c>env['X']</c>, <c>env.get('X'[, default])</c>,
/// <c>'X' in env</c> and <c>arch.satisfies('…')</c> with arch constraints. Anything else throws
/// <see cref="ConditionException"/> naming the part it cannot evaluate, and only when evaluation
/// reaches it, as Python raises <c>NameError</c>: <c>False and anything</c> is false.
/// </summary>
internal sealed class ConditionEvaluator(SpackArch host, IReadOnlyDictionary<string, string> variables, MicroarchitectureTable microarchitectures, string? hostName = null)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly Lazy<string> _hostName = new(() => hostName ?? System.Net.Dns.GetHostName());

    private SpackArch Host { get; } = host;

    private IReadOnlyDictionary<string, string> Variables { get; } = variables;

    public bool Evaluate(string expression)
    {
        var tokens = Tokenize(expression);
        var parser = new Parser(expression, tokens, this);
        var root = parser.ParseExpression();
        parser.ExpectEnd();
        return Truthy(root());
    }

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long n => n != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        _ => true,
    };

    private static string Str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        ArchValue a => a.Text,
        _ => throw new ConditionException(value.ToString() ?? string.Empty),
    };

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            // A comment runs to the end of the line, as in Python.
            if (c == '#')
            {
                break;
            }

            var start = i;
            var raw = false;
            if ((c is 'r' or 'R' or 'u' or 'U') && i + 1 < text.Length && text[i + 1] is '\'' or '"')
            {
                raw = c is 'r' or 'R';
                i++;
                c = text[i];
            }

            if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ConditionException(text.Substring(start));
                    }

                    var ch = text[i];
                    if (ch == c)
                    {
                        i++;
                        break;
                    }

                    if (ch == '\\' && i + 1 < text.Length)
                    {
                        var next = text[i + 1];
                        value.Append(raw ? "\\" + next : next switch { 'n' => "\n", 't' => "\t", '\\' => "\\", '\'' => "'", '"' => "\"", _ => "\\" + next });
                        i += 2;
                        continue;
                    }

                    value.Append(ch);
                    i++;
                }

                tokens.Add(new Token(TokenKind.String, value.ToString(), start, i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text.Substring(start, i - start), start, i));
            }
            else if (char.IsDigit(c))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text.Substring(start, i - start), start, i));
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(new Token(TokenKind.Operator, text.Substring(i, 2), start, i + 2));
                i += 2;
            }
            else if (c is '(' or ')' or '[' or ']' or '.' or ',' or '<' or '>' or '+' or ':')
            {
                tokens.Add(new Token(TokenKind.Operator, c.ToString(), start, i + 1));
                i++;
            }
            else
            {
                throw new ConditionException(text.Substring(i).Trim());
            }
        }

        return tokens;
    }

    /// <summary>The microarchitecture table the arch's target ranges are judged by.</summary>
    public MicroarchitectureTable Microarchitectures { get; } = microarchitectures;

    // arch.satisfies('…'): an arch-only constraint, judged by the one rule for a concrete arch.
    private bool ArchConstraintHolds(string constraint)
    {
        SpecConstraint spec;
        try
        {
            spec = SpecParser.ParseAnonymous(constraint);
        }
        catch (SpecParseException)
        {
            throw new ConditionException(constraint);
        }

        if (spec.Name.Length > 0 || spec.HasVersions || spec.Variants.Count > 0 || spec.Compiler is not null || spec.Hash is not null || spec.Dependencies.Count > 0)
        {
            throw new ConditionException(constraint);
        }

        return ArchSatisfaction.Satisfies(Host, spec, Microarchitectures);
    }

    private enum TokenKind
    {
        Name,
        String,
        Number,
        Operator,
    }

    private sealed record Token(TokenKind Kind, string Text, int Start, int End);

    /// <summary><c>env</c>: the environment variables.</summary>
    private sealed class EnvValue
    {
        public static EnvValue Instance { get; } = new();
    }

    /// <summary><c>re</c>: the regular-expression module.</summary>
    private sealed class RegexModule
    {
        public static RegexModule Instance { get; } = new();
    }

    /// <summary><c>arch</c> / <c>architecture</c>: the arch as a spec; compares equal to its platform-os-target text.</summary>
    private sealed record ArchValue(SpackArch Arch)
    {
        public string Text => Arch.ToString();
    }

    private sealed record MatchValue(Match Match);

    private sealed record Method(object? Target, string Name);

    private sealed class Parser(string text, List<Token> tokens, ConditionEvaluator evaluator)
    {
        private const int MaxDepth = 200;

        private int _next;

        private int _depth;

        public Func<object?> ParseExpression()
        {
            var first = ParseOr();
            if (!Peek(","))
            {
                return first;
            }

            // A bare tuple: "a, b".
            var items = new List<Func<object?>> { first };
            while (AcceptOperator(","))
            {
                if (AtEnd || Peek(")") || Peek("]"))
                {
                    break;
                }

                items.Add(ParseOr());
            }

            return () => items.Select(i => i()).ToList();
        }

        public void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw Unsupported(_next, tokens.Count);
            }
        }

        private bool AtEnd => _next >= tokens.Count;

        private Func<object?> ParseOr()
        {
            // Nesting is bounded so a pathological condition is refused, not a stack overflow.
            if (++_depth > MaxDepth)
            {
                throw Unsupported(_next, tokens.Count);
            }

            var left = ParseAnd();
            while (AcceptName("or"))
            {
                var l = left;
                var right = ParseAnd();
                left = () => l() is var value && Truthy(value) ? value : right();
            }

            _depth--;
            return left;
        }

        private Func<object?> ParseAnd()
        {
            var left = ParseNot();
            while (AcceptName("and"))
            {
                var l = left;
                var right = ParseNot();
                left = () => l() is var value && !Truthy(value) ? value : right();
            }

            return left;
        }

        private Func<object?> ParseNot()
        {
            if (AcceptName("not"))
            {
                if (++_depth > MaxDepth)
                {
                    throw Unsupported(_next, tokens.Count);
                }

                var operand = ParseNot();
                _depth--;
                return () => !Truthy(operand());
            }

            return ParseComparison();
        }

        // Python chains comparisons: a < b < c is a < b and b < c.
        private Func<object?> ParseComparison()
        {
            var start = _next;
            var left = ParseSum();
            var operators = new List<(string Op, Func<object?> Right)>();
            while (true)
            {
                string? op = null;
                if (PeekOperator("==") || PeekOperator("!=") || PeekOperator("<") || PeekOperator(">") || PeekOperator("<=") || PeekOperator(">="))
                {
                    op = tokens[_next++].Text;
                }
                else if (PeekName("in"))
                {
                    _next++;
                    op = "in";
                }
                else if (PeekName("not") && PeekNameAt(1, "in"))
                {
                    _next += 2;
                    op = "not in";
                }
                else if (PeekName("is"))
                {
                    _next++;
                    op = AcceptName("not") ? "is not" : "is";
                }

                if (op is null)
                {
                    break;
                }

                operators.Add((op, ParseSum()));
            }

            if (operators.Count == 0)
            {
                return left;
            }

            var end = _next;
            return () =>
            {
                var current = left();
                foreach (var (op, rightOperand) in operators)
                {
                    var right = rightOperand();
                    if (!Compare(op, current, right, start, end))
                    {
                        return false;
                    }

                    current = right;
                }

                return true;
            };
        }

        private bool Compare(string op, object? left, object? right, int start, int end)
        {
            switch (op)
            {
                case "==":
                    return AreEqual(left, right);
                case "!=":
                    return !AreEqual(left, right);
                case "is":
                    return (left is null && right is null) || (left is bool a && right is bool b && a == b) || ReferenceEquals(left, right);
                case "is not":
                    return !Compare("is", left, right, start, end);
                case "in":
                    return Contains(right, left, start, end);
                case "not in":
                    return !Contains(right, left, start, end);
            }

            var order = (left, right) switch
            {
                (string l, string r) => string.CompareOrdinal(l, r),
                _ when Number(left) is { } l && Number(right) is { } r => l.CompareTo(r),
                _ => throw Unsupported(start, end),
            };
            return op switch
            {
                "<" => order < 0,
                ">" => order > 0,
                "<=" => order <= 0,
                _ => order >= 0,
            };
        }

        private bool Contains(object? container, object? item, int start, int end) => container switch
        {
            string s when item is string part => s.Contains(part),
            List<object?> list => list.Any(element => AreEqual(element, item)),
            EnvValue when item is string name => evaluator.Variables.ContainsKey(name),
            _ => throw Unsupported(start, end),
        };

        private static bool AreEqual(object? left, object? right) => (left, right) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (ArchValue a, string s) => a.Text == s,
            (string s, ArchValue a) => a.Text == s,
            (string l, string r) => l == r,
            (List<object?> l, List<object?> r) => l.Count == r.Count && l.Zip(r, AreEqual).All(x => x),
            _ when Number(left) is { } l && Number(right) is { } r => l == r,
            _ => Equals(left, right),
        };

        private static double? Number(object? value) => value switch
        {
            bool b => b ? 1 : 0,
            long n => n,
            double d => d,
            _ => null,
        };

        private Func<object?> ParseSum()
        {
            var start = _next;
            var left = ParsePostfix();
            while (AcceptOperator("+"))
            {
                var l = left;
                var right = ParsePostfix();
                var end = _next;
                left = () => (l(), right()) switch
                {
                    (string a, string b) => a + b,
                    (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
                    var (a, b) when a is long or bool && b is long or bool => (long)Number(a)! + (long)Number(b)!,
                    var (a, b) when Number(a) is { } x && Number(b) is { } y => x + y,
                    _ => throw Unsupported(start, end),
                };
            }

            return left;
        }

        private Func<object?> ParsePostfix()
        {
            var start = _next;
            var value = ParseAtom();
            while (true)
            {
                if (AcceptOperator("."))
                {
                    var name = ExpectName(start);
                    var target = value;
                    var end = _next;
                    value = () => Attribute(target(), name, start, end);
                }
                else if (AcceptOperator("("))
                {
                    var arguments = new List<Func<object?>>();
                    while (!AcceptOperator(")"))
                    {
                        arguments.Add(ParseOr());
                        if (!AcceptOperator(","))
                        {
                            Expect(")", start);
                            break;
                        }
                    }

                    var callee = value;
                    var end = _next;
                    value = () => Call(callee(), arguments.Select(a => a()).ToList(), start, end);
                }
                else if (AcceptOperator("["))
                {
                    var index = ParseOr();
                    Expect("]", start);
                    var target = value;
                    var end = _next;
                    value = () => Index(target(), index(), start, end);
                }
                else
                {
                    return value;
                }
            }
        }

        private Func<object?> ParseAtom()
        {
            if (AtEnd)
            {
                throw new ConditionException(text.Trim());
            }

            var at = _next;
            var token = tokens[_next++];
            switch (token.Kind)
            {
                case TokenKind.String:
                    // Adjacent literals concatenate, as in Python.
                    var literal = new StringBuilder(token.Text);
                    while (!AtEnd && tokens[_next].Kind == TokenKind.String)
                    {
                        literal.Append(tokens[_next++].Text);
                    }

                    var value = literal.ToString();
                    return () => value;
                case TokenKind.Number:
                    object number = long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object)n
                        : double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                        : throw Unsupported(at, at + 1);
                    return () => number;
                case TokenKind.Operator when token.Text == "(":
                    if (AcceptOperator(")"))
                    {
                        return () => new List<object?>();
                    }

                    var inner = ParseExpression();
                    Expect(")", at);
                    return inner;
                case TokenKind.Operator when token.Text == "[":
                    var items = new List<Func<object?>>();
                    while (!AcceptOperator("]"))
                    {
                        items.Add(ParseOr());
                        if (!AcceptOperator(","))
                        {
                            Expect("]", at);
                            break;
                        }
                    }

                    return () => items.Select(i => i()).ToList();
                case TokenKind.Name:
                    return Name(token.Text, at);
                default:
                    throw Unsupported(at, tokens.Count);
            }
        }

        private Func<object?> Name(string name, int at)
        {
            var host = evaluator.Host;
            return name switch
            {
                "True" => () => true,
                "False" => () => false,
                "None" => () => null,
                "platform" => () => host.Platform,
                "os" => () => host.Os,
                "target" => () => host.Target,
                "arch" or "architecture" => () => new ArchValue(host),
                "arch_str" => () => $"platform={host.Platform} os={host.Os} target={host.Target}",
                "hostname" => () => evaluator._hostName.Value,
                "env" => () => EnvValue.Instance,
                "re" => () => RegexModule.Instance,
                "len" or "str" or "int" or "bool" => () => new Method(null, name),
                _ => () => throw Unsupported(at, at + 1),
            };
        }

        private object? Attribute(object? target, string name, int start, int end) => (target, name) switch
        {
            (RegexModule, "search" or "match" or "fullmatch") => new Method(target, name),
            (EnvValue, "get") => new Method(target, name),
            (ArchValue, "satisfies") => new Method(target, name),
            (ArchValue a, "platform") => a.Arch.Platform,
            (ArchValue a, "os") => a.Arch.Os,
            (ArchValue a, "target") => a.Arch.Target,
            (MatchValue, "group" or "start" or "end") => new Method(target, name),
            (string, _) when StringMethods.Contains(name) => new Method(target, name),
            _ => throw Unsupported(start, end),
        };

        private static readonly HashSet<string> StringMethods = new(StringComparer.Ordinal)
        {
            "startswith", "endswith", "lower", "upper", "strip", "lstrip", "rstrip", "split",
            "replace", "find", "count", "isdigit", "isalpha", "isalnum", "islower", "isupper",
        };

        private object? Index(object? target, object? index, int start, int end)
        {
            switch (target, index)
            {
                case (EnvValue, string name):
                    return evaluator.Variables.TryGetValue(name, out var value) ? value : throw ConditionException.Missing(name);
                case (List<object?> list, long i) when i >= -list.Count && i < list.Count:
                    return list[(int)(i < 0 ? i + list.Count : i)];
                case (string s, long i) when i >= -s.Length && i < s.Length:
                    return s[(int)(i < 0 ? i + s.Length : i)].ToString();
                default:
                    throw Unsupported(start, end);
            }
        }

        private object? Call(object? callee, List<object?> arguments, int start, int end)
        {
            if (callee is not Method method)
            {
                throw Unsupported(start, end);
            }

            string Argument(int i) => i < arguments.Count && arguments[i] is string s ? s : throw Unsupported(start, end);
            switch (method.Target)
            {
                case null:
                    return (method.Name, arguments.Count) switch
                    {
                        ("len", 1) => arguments[0] switch
                        {
                            string s => (long)s.Length,
                            List<object?> l => (long)l.Count,
                            _ => throw Unsupported(start, end),
                        },
                        ("str", 1) => Str(arguments[0]),
                        ("bool", 1) => Truthy(arguments[0]),
                        ("int", 1) => arguments[0] is string s && long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
                            : Number(arguments[0]) is { } d ? (long)Math.Truncate(d)
                            : throw Unsupported(start, end),
                        _ => throw Unsupported(start, end),
                    };
                case RegexModule:
                    var pattern = Argument(0);
                    var subject = Argument(1);
                    Regex regex;
                    try
                    {
                        regex = new Regex(method.Name switch { "match" => @"\G(?:" + pattern + ")", "fullmatch" => @"\G(?:" + pattern + @")\z", _ => pattern }, RegexOptions.CultureInvariant, RegexTimeout);
                    }
                    catch (ArgumentException)
                    {
                        throw Unsupported(start, end);
                    }

                    try
                    {
                        var match = regex.Match(subject);
                        return match.Success ? new MatchValue(match) : null;
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        throw Unsupported(start, end);
                    }
                case EnvValue:
                    var name = Argument(0);
                    return evaluator.Variables.TryGetValue(name, out var value) ? value : arguments.Count > 1 ? arguments[1] : null;
                case ArchValue:
                    try
                    {
                        return evaluator.ArchConstraintHolds(Argument(0));
                    }
                    catch (ConditionException)
                    {
                        throw Unsupported(start, end);
                    }

                case MatchValue m:
                    var group = arguments.Count == 0 ? 0 : arguments[0] is long g ? (int)g : throw Unsupported(start, end);
                    return method.Name switch
                    {
                        "group" when group < m.Match.Groups.Count => m.Match.Groups[group].Success ? m.Match.Groups[group].Value : null,
                        "start" => (long)m.Match.Index,
                        "end" => (long)(m.Match.Index + m.Match.Length),
                        _ => throw Unsupported(start, end),
                    };
                case string s:
                    return StringMethod(s, method.Name, arguments, start, end);
                default:
                    throw Unsupported(start, end);
            }
        }

        private object? StringMethod(string s, string name, List<object?> arguments, int start, int end)
        {
            string Argument(int i) => i < arguments.Count && arguments[i] is string a ? a : throw Unsupported(start, end);
            IEnumerable<string> Prefixes() => arguments.Count == 1 && arguments[0] is List<object?> list ? list.Select(p => p as string ?? throw Unsupported(start, end)) : [Argument(0)];
            return name switch
            {
                "startswith" => Prefixes().Any(p => s.StartsWith(p, StringComparison.Ordinal)),
                "endswith" => Prefixes().Any(p => s.EndsWith(p, StringComparison.Ordinal)),
                "lower" => s.ToLowerInvariant(),
                "upper" => s.ToUpperInvariant(),
                "strip" => arguments.Count == 0 ? s.Trim() : s.Trim(Argument(0).ToCharArray()),
                "lstrip" => arguments.Count == 0 ? s.TrimStart() : s.TrimStart(Argument(0).ToCharArray()),
                "rstrip" => arguments.Count == 0 ? s.TrimEnd() : s.TrimEnd(Argument(0).ToCharArray()),
                "split" => (arguments.Count == 0 ? s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : s.Split([Argument(0)], StringSplitOptions.None)).Cast<object?>().ToList(),
                "replace" => s.Replace(Argument(0), Argument(1)),
                "find" => (long)s.IndexOf(Argument(0), StringComparison.Ordinal),
                "count" => Argument(0).Length == 0 ? s.Length + 1L : (long)((s.Length - s.Replace(Argument(0), string.Empty).Length) / Argument(0).Length),
                "isdigit" => s.Length > 0 && s.All(char.IsDigit),
                "isalpha" => s.Length > 0 && s.All(char.IsLetter),
                "isalnum" => s.Length > 0 && s.All(char.IsLetterOrDigit),
                "islower" => s.Any(char.IsLetter) && !s.Any(char.IsUpper),
                "isupper" => s.Any(char.IsLetter) && !s.Any(char.IsLower),
                _ => throw Unsupported(start, end),
            };
        }

        private string ExpectName(int start)
        {
            if (!AtEnd && tokens[_next].Kind == TokenKind.Name)
            {
                return tokens[_next++].Text;
            }

            throw Unsupported(start, Math.Min(_next + 1, tokens.Count));
        }

        private void Expect(string op, int start)
        {
            if (!AcceptOperator(op))
            {
                throw Unsupported(start, tokens.Count);
            }
        }

        private bool AcceptOperator(string op)
        {
            if (PeekOperator(op))
            {
                _next++;
                return true;
            }

            return false;
        }

        private bool AcceptName(string name)
        {
            if (PeekName(name))
            {
                _next++;
                return true;
            }

            return false;
        }

        private bool Peek(string op) => PeekOperator(op);

        private bool PeekOperator(string op) => !AtEnd && tokens[_next].Kind == TokenKind.Operator && tokens[_next].Text == op;

        private bool PeekName(string name) => PeekNameAt(0, name);

        private bool PeekNameAt(int ahead, string name) => _next + ahead < tokens.Count && tokens[_next + ahead].Kind == TokenKind.Name && tokens[_next + ahead].Text == name;

        // Names the part of the expression that could not be evaluated: what the user has to change.
        private ConditionException Unsupported(int startToken, int endToken)
        {
            if (startToken >= tokens.Count)
            {
                return new ConditionException(text.Trim());
            }

            var from = tokens[startToken].Start;
            var to = endToken > startToken && endToken <= tokens.Count ? tokens[endToken - 1].End : text.Length;
            return new ConditionException(text.Substring(from, to - from).Trim());
        }
    }
}
