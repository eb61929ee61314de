using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DxTracker.App.Hosting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace DxTracker.Tests.Security;

/// <summary>"DataProtection:Certificate:Path" (docs/deploy): the Data Protection keys (sign-in cookies, antiforgery) are
/// stored in the database encrypted with the certificate, and only a process holding it reads them.</summary>
public sealed class KeyProtectionTests
{
    [Fact]
    public async Task With_a_certificate_configured_the_keys_are_stored_encrypted_and_only_read_with_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=DxTracker Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(database.Directory, "keys.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-passphrase"), TestContext.Current.CancellationToken);
        var withCertificate = new Dictionary<string, string?>(database.AppSettings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            ["DataProtection:Certificate:Path"] = pfx,
            ["DataProtection:Certificate:Password"] = "pfx-passphrase",
        };

        string token;
        await using (var app = Services(database, withCertificate))
            token = app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("署名済みの値");

        await using (var db = database.CreateDbContext())
        {
            var xml = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(TestContext.Current.CancellationToken));
            Assert.Contains("encryptedSecret", xml);
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.DoesNotContain("masterKey", xml);
        }
        // A new process with the certificate reads the key from the database; one without it cannot.
        await using (var app = Services(database, withCertificate))
            Assert.Equal("署名済みの値", app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token));
        await using (var app = Services(database, database.AppSettings.ToDictionary(s => s.Key, s => (string?)s.Value)))
            Assert.ThrowsAny<CryptographicException>(() => app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token));
    }

    /// <summary>The app's data services (as Program.cs adds them) on these settings.</summary>
    private static ServiceProvider Services(TestDatabase database, Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var environment = new HostingEnvironment { EnvironmentName = "Production", ApplicationName = "DxTracker.App", ContentRootPath = database.Directory };
        return new ServiceCollection().AddLogging().AddDxData(config, environment).BuildServiceProvider();
    }
}
