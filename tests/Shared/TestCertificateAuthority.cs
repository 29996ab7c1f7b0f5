using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CacheTasks.Testing;

/// <summary>
/// A certificate authority for one test, made with .NET's own X.509 APIs (no openssl): a CA and a
/// server certificate it signed for <c>127.0.0.1</c> and <c>localhost</c>, written as PEM files
/// (<see cref="AuthorityFile"/>, the bundle a client trusts through <c>SSL_CERT_FILE</c>;
/// <see cref="ServerCertificateFile"/> and <see cref="ServerKeyFile"/>, what docker-registry's
/// <c>http.tls</c> reads). Nothing outside the test trusts it: a client that was not told about the
/// CA refuses the servers that use it, as it would a stranger's.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly RSA _authorityKey = RSA.Create(2048);

    public TestCertificateAuthority(string folder)
    {
        var now = DateTimeOffset.UtcNow;
        var authority = new CertificateRequest("CN=CacheTasks test CA", _authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authority.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authority.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authority.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authority.PublicKey, false));
        Authority = authority.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var server = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        server.CertificateExtensions.Add(names.Build());
        server.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        server.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        server.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        server.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = server.Create(Authority, now.AddHours(-1), now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // Through PKCS#12, so that the key is one every platform's TLS stack can use.
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        AuthorityFile = Path.Combine(folder, "test-ca.pem");
        File.WriteAllText(AuthorityFile, Authority.ExportCertificatePem() + "\n");
        ServerCertificateFile = Path.Combine(folder, "server.crt");
        File.WriteAllText(ServerCertificateFile, issued.ExportCertificatePem() + "\n");
        ServerKeyFile = Path.Combine(folder, "server.key");
        File.WriteAllText(ServerKeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The CA's certificate (public part).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key, for the servers the tests start in-process.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA as a PEM bundle: what <c>SSL_CERT_FILE</c> names for a client that trusts it.</summary>
    public string AuthorityFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>A handler for the tests' own requests (pushes, readiness) that trusts this CA and only it.</summary>
    public HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };

    public void Dispose()
    {
        Server.Dispose();
        Authority.Dispose();
        _authorityKey.Dispose();
    }
}
