using MimeKit;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// The embedded default: each message becomes an <c>.eml</c> file in <c>data/outbox-mail</c>, readable by any mail
/// client. Written under a temporary name and renamed, so a reader never sees half a message.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var name = Path.Combine(folder, $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        var temporary = name + ".tmp";
        // The files may hold one-time links: readable by the app's account only.
        var access = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            access.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var file = new FileStream(temporary, access))
        {
            await message.WriteToAsync(file, ct);
        }
        File.Move(temporary, name);
    }
}
