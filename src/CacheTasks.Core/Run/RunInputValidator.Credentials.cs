using CacheTasks.Credentials;
using CacheTasks.Diagnostics;

namespace CacheTasks.Run;

public static partial class RunInputValidator
{
    /// <summary>
    /// Where mirror credentials come from: <c>SpackMirrorsConfig</c> (CT3003 for what it cannot be read
    /// for, or for a secret written in it), each <c>SpackEnvironment</c>'s own <c>mirrors:</c> section
    /// (a file the environment reader cannot read is reported there, once), and the
    /// <c>SpackMirror*Variable</c> properties, each the name of an environment variable (CT3004 when it
    /// cannot be one). Secrets are read from the environment only when a mirror is resolved.
    /// </summary>
    public static CredentialSettings CredentialsOf(CoverageRunOptions options, ICollection<Diagnostic> diagnostics)
    {
        var entries = new List<MirrorConfigEntry>();
        if (!string.IsNullOrWhiteSpace(options.MirrorsConfig))
        {
            entries.AddRange(MirrorsConfigReader.Read(options.MirrorsConfig!.Trim(), diagnostics));
        }

        foreach (var environment in options.Environments)
        {
            // Only what is about mirrors: a file that cannot be read at all is the environment reader's CT3003.
            entries.AddRange(MirrorsConfigReader.Read(environment.Path, diagnostics, reportUnreadable: false));
        }

        var variables = options.EnvironmentVariables;
        return new CredentialSettings
        {
            Entries = entries,
            TokenVariable = VariableName("SpackMirrorTokenVariable", options.MirrorTokenVariable, diagnostics),
            UserVariable = VariableName("SpackMirrorUserVariable", options.MirrorUserVariable, diagnostics),
            PasswordVariable = VariableName("SpackMirrorPasswordVariable", options.MirrorPasswordVariable, diagnostics),
            Environment = variables is null ? Environment.GetEnvironmentVariable : name => variables.TryGetValue(name, out var value) ? value : null,
        };
    }

    // A name, not a value: '=' and NUL cannot be in one, and whitespace means a value was pasted in.
    private static string? VariableName(string property, string? value, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value!.Trim();
        if (name.IndexOfAny(['=', '\0', ' ', '\t', '\n', '\r']) >= 0)
        {
            // The value is not shown: it may be the secret itself, pasted where its variable's name belongs.
            diagnostics.Add(Invalid(property, "***", Messages.VariableNameValues));
            return null;
        }

        return name;
    }
}
