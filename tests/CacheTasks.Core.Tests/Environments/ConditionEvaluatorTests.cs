using CacheTasks.Environments;
using CacheTasks.Platform;

namespace CacheTasks.Core.Tests.Environments;

public sealed class ConditionEvaluatorTests
{
    private static readonly ConditionEvaluator Evaluator = new(
        new SpackArch("linux", "ubuntu24.04", "zen3"),
        new Dictionary<string, string> { ["CI"] = "true", ["SITE"] = "lab" },
        MicroarchitectureTable.Embedded,
        "login1.cluster.example");

    [Theory]
    [InlineData("platform == 'linux'", true)]
    [InlineData("platform == \"darwin\"", false)]
    [InlineData("os != 'ubuntu22.04'", true)]
    [InlineData("target == 'zen3'", true)]
    [InlineData("arch == 'linux-ubuntu24.04-zen3'", true)]
    [InlineData("env['SITE'] == 'lab'", true)]
    [InlineData("env.get('HOME_SITE') == 'lab'", false)]
    [InlineData("env.get('HOME_SITE', 'lab') == 'lab'", true)]
    [InlineData("'CI' in env", true)]
    [InlineData("'NIGHTLY' not in env", true)]
    [InlineData("platform == 'linux' and not (os == 'rhel8' or 'NIGHTLY' in env)", true)]
    [InlineData("target == 'zen3' and False", false)]
    [InlineData("True", true)]
    [InlineData("arch.satisfies('target=x86_64:')", true)]
    [InlineData("arch.satisfies('target=x86_64_v3:')", true)]
    [InlineData("arch.satisfies('target=zen4:')", false)]
    [InlineData("arch.satisfies('target=aarch64:')", false)]
    [InlineData("arch.satisfies('target=:zen4')", true)]
    [InlineData("arch.satisfies('target=x86_64')", false)]
    [InlineData("arch.satisfies('target=:broadwell,zen2:')", true)]
    [InlineData("arch.satisfies('target=aarch64,:x86_64_v2')", false)]
    [InlineData("arch.satisfies('os=* platform=linux')", true)]
    [InlineData("arch.satisfies('platform=linux os=ubuntu24.04')", true)]
    [InlineData("not arch.satisfies('arch=linux-rhel9-zen3')", true)]
    public void Common_conditions_are_evaluated_against_the_host(string expression, bool expected)
    {
        Assert.Equal(expected, Evaluator.Evaluate(expression));
    }

    [Theory]
    [InlineData("platform == 'linux' and re.match('zen', target)", true)]
    [InlineData("re.search(r'foo', hostname) and env['test'] == 'THISSHOULDBEFALSE'", false)]
    [InlineData("re.search(r'cluster\\.example$', hostname) is not None", true)]
    [InlineData("re.match('cluster', hostname)", false)]
    [InlineData("re.search('(lo)gin([0-9]+)', hostname).group(2) == '1'", true)]
    [InlineData("hostname.startswith(('login', 'compute'))", true)]
    [InlineData("hostname.split('.')[0] == 'login1'", true)]
    [InlineData("os in ['rhel8', 'rhel9']", false)]
    [InlineData("os not in ('rhel8', 'rhel9') and target in 'zen3 zen4'", true)]
    [InlineData("platform == 'linux' or __import__('os')", true)]
    [InlineData("False and undefined_name", false)]
    [InlineData("env.get('SITE', '').upper() == 'LAB'", true)]
    [InlineData("env.get('MISSING', 'x') + '-' + platform == 'x-linux'", true)]
    [InlineData("len(env.get('SITE')) >= 3 > 2", true)]
    [InlineData("int(env.get('CI_JOBS', '4')) > 2", true)]
    [InlineData("arch_str == 'platform=linux os=ubuntu24.04 target=zen3'", true)]
    [InlineData("architecture.satisfies('os=ubuntu24.04')", true)]
    [InlineData("str(arch) == 'linux-ubuntu24.04-zen3'", true)]
    [InlineData("arch.target == 'zen3' and arch.os.startswith('ubuntu')", true)]
    [InlineData("'true' == env['CI'] # a comment", true)]
    public void Python_as_Spack_evaluates_it(string expression, bool expected)
    {
        Assert.Equal(expected, Evaluator.Evaluate(expression));
    }

    [Theory]
    [InlineData("arch.satisfies('%gcc')", "arch.satisfies('%gcc')")]
    [InlineData("arch.target.family == 'x86_64'", "arch.target.family")]
    [InlineData("target.family == 'x86_64'", "target.family")]
    [InlineData("bad_variable == 'test'", "bad_variable")]
    [InlineData("platform == 'linux' and __import__('os')", "__import__")]
    [InlineData("os < 3", "os < 3")]
    [InlineData("platform ==", "platform ==")]
    [InlineData("lambda: 1", ": 1")]
    public void Anything_else_is_refused_naming_what_is_not_supported(string expression, string unsupported)
    {
        var error = Assert.Throws<ConditionException>(() => Evaluator.Evaluate(expression));

        Assert.Equal(unsupported, error.Unsupported);
    }

    [Fact]
    public void Reading_an_unset_variable_with_brackets_is_refused_as_Spack_fails_on_it()
    {
        var error = Assert.Throws<ConditionException>(() => Evaluator.Evaluate("env['NIGHTLY'] == '1'"));

        Assert.Equal("NIGHTLY", error.MissingVariable);
    }
}
