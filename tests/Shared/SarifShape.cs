using System.Text.Json;

namespace CacheTasks.Testing;

/// <summary>
/// The structure SARIF 2.1.0 requires of what CacheTasks writes, checked property by property (the
/// OASIS schema itself is not shipped with the tests): a version and runs, a tool driver with a name
/// and rules, and results whose rule id and index agree, whose level, baselineState and suppression
/// kind are SARIF's words, whose message has text, whose locations have a URI and a 1-based region,
/// and whose partialFingerprints are strings.
/// </summary>
public static class SarifShape
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];
    private static readonly string[] BaselineStates = ["new", "unchanged", "updated", "absent"];
    private static readonly string[] SuppressionKinds = ["inSource", "external"];

    public static void AssertValid(JsonElement root)
    {
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var runs = root.GetProperty("runs");
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        foreach (var run in runs.EnumerateArray())
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(rules.Count, rules.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
            foreach (var rule in rules)
            {
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("id").GetString()));
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
                Assert.True(Uri.IsWellFormedUriString(rule.GetProperty("helpUri").GetString(), UriKind.Absolute));
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
            }

            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString();
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.InRange(index, 0, rules.Count - 1);
                Assert.Equal(rules[index].GetProperty("id").GetString(), id);
                Assert.Contains(result.GetProperty("level").GetString(), Levels);
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                if (result.TryGetProperty("baselineState", out var state))
                {
                    Assert.Contains(state.GetString(), BaselineStates);
                }

                if (result.TryGetProperty("locations", out var locations))
                {
                    foreach (var location in locations.EnumerateArray())
                    {
                        var physical = location.GetProperty("physicalLocation");
                        Assert.False(string.IsNullOrEmpty(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()));
                        if (physical.TryGetProperty("region", out var region))
                        {
                            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
                            if (region.TryGetProperty("startColumn", out var column))
                            {
                                Assert.True(column.GetInt32() >= 1);
                            }
                        }
                    }
                }

                if (result.TryGetProperty("suppressions", out var suppressions))
                {
                    Assert.All(suppressions.EnumerateArray(), s => Assert.Contains(s.GetProperty("kind").GetString(), SuppressionKinds));
                }

                Assert.All(result.GetProperty("partialFingerprints").EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
            }
        }
    }
}
