using System.Resources;

// CliMessages.resx is English; no satellite lookup for it.
[assembly: NeutralResourcesLanguage("en")]
