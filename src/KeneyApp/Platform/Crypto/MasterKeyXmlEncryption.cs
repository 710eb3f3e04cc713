using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Seals ASP.NET Core's data-protection keys (which protect the web cookies and antiforgery tokens) with the master
/// key before they reach the database, AES-256-GCM like every other secret at rest: a copy of the database alone
/// cannot forge a cookie.
/// </summary>
public sealed class MasterKeyXmlEncryptor(MasterKey master) : IXmlEncryptor
{
    internal static readonly byte[] Context = "keneyapp|data_protection_key"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedKey = Aead.Seal(master.Bytes, Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Context);
        var element = new XElement("sealedKey", new XAttribute("masterKeyId", master.Id), Convert.ToBase64String(sealedKey));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="MasterKeyXmlEncryptor"/> sealed (made by the data-protection system, with the app's services).</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var master = services.GetRequiredService<MasterKey>();
        var plain = Aead.Open(master.Bytes, Convert.FromBase64String(encryptedElement.Value), MasterKeyXmlEncryptor.Context);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
