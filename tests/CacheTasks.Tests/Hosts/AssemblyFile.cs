using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CacheTasks.Tests.Hosts;

/// <summary>What an assembly file references and, for MSBuild's own assemblies, what they define: read from metadata, never loaded.</summary>
internal static class AssemblyFile
{
    public static AssemblyName Name(string path) => AssemblyName.GetAssemblyName(path);

    public static IReadOnlyList<AssemblyName> References(string path) =>
        Read(path, reader => reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList());

    /// <summary>
    /// The types and members <paramref name="path"/> uses from assemblies named Microsoft.Build*:
    /// <c>Type</c> for a type, <c>Type::Member Signature</c> for a method or field.
    /// </summary>
    public static IReadOnlyList<string> MSBuildApiUses(string path) => Read(path, reader =>
    {
        var types = reader.TypeReferences.Where(h => FromMSBuild(reader, h)).ToHashSet();
        var uses = types.Select(h => SignatureText.TypeName(reader, h)).ToList();
        foreach (var member in reader.MemberReferences.Select(reader.GetMemberReference))
        {
            if (member.Parent.Kind == HandleKind.TypeReference && types.Contains((TypeReferenceHandle)member.Parent))
            {
                uses.Add($"{SignatureText.TypeName(reader, (TypeReferenceHandle)member.Parent)}::{reader.GetString(member.Name)} {MemberSignature(member)}");
            }
        }

        return uses.Distinct().Order(StringComparer.Ordinal).ToList();
    });

    /// <summary>Every public or protected type and member of the given assemblies, members also under each type that inherits them.</summary>
    public static IReadOnlySet<string> ApiSurface(IEnumerable<string> paths)
    {
        var declared = new Dictionary<string, (string? Base, List<string> Members)>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            Read(path, reader =>
            {
                foreach (var handle in reader.TypeDefinitions)
                {
                    var type = reader.GetTypeDefinition(handle);
                    var members = type.GetMethods().Select(reader.GetMethodDefinition).Where(m => Visible(m.Attributes))
                        .Select(m => $"{reader.GetString(m.Name)} {SignatureText.Method(m.DecodeSignature(SignatureText.Instance, null))}")
                        .Concat(type.GetFields().Select(reader.GetFieldDefinition).Where(f => Visible(f.Attributes))
                            .Select(f => $"{reader.GetString(f.Name)} {f.DecodeSignature(SignatureText.Instance, null)}"))
                        .ToList();
                    // An interface's nil base handle still reads as a TypeDefinition kind.
                    var baseType = type.BaseType.IsNil ? null : type.BaseType.Kind switch
                    {
                        HandleKind.TypeDefinition => SignatureText.TypeName(reader, (TypeDefinitionHandle)type.BaseType),
                        HandleKind.TypeReference => SignatureText.TypeName(reader, (TypeReferenceHandle)type.BaseType),
                        _ => null,
                    };
                    declared[SignatureText.TypeName(reader, handle)] = (baseType, members);
                }

                return 0;
            });
        }

        var surface = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in declared.Keys)
        {
            surface.Add(name);
            for (var type = name; type is not null && declared.TryGetValue(type, out var definition); type = definition.Base)
            {
                surface.UnionWith(definition.Members.Select(m => $"{name}::{m}"));
            }
        }

        return surface;
    }

    private static string MemberSignature(MemberReference member) => member.GetKind() == MemberReferenceKind.Method
        ? SignatureText.Method(member.DecodeMethodSignature(SignatureText.Instance, null))
        : member.DecodeFieldSignature(SignatureText.Instance, null);

    private static bool Visible(MethodAttributes attributes) =>
        (attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool Visible(FieldAttributes attributes) =>
        (attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;

    private static bool FromMSBuild(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind == HandleKind.AssemblyReference
            && reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name).StartsWith("Microsoft.Build", StringComparison.Ordinal);
    }

    private static T Read<T>(string path, Func<MetadataReader, T> read)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return read(pe.GetMetadataReader());
    }
}
