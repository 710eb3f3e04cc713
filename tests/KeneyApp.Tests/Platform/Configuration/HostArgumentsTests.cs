using KeneyApp.Platform.Configuration;

namespace KeneyApp.Tests.Platform.Configuration;

public class HostArgumentsTests
{
    [Fact]
    public void Product_flags_are_taken_out_before_the_host_sees_the_rest()
    {
        var args = HostArguments.Parse(["--demo", "--urls", "http://127.0.0.1:9000", "--role", "web"]);
        Assert.True(args.Demo);
        Assert.Equal(HostRole.Web, args.Role);
        Assert.Equal(["--urls", "http://127.0.0.1:9000"], args.HostArgs);
        Assert.Null(args.Command);
    }

    [Fact]
    public void Commands_keep_their_own_arguments()
    {
        var args = HostArguments.Parse(["create-tenant", "--name", "Clinique", "--slug", "clinique"]);
        Assert.Equal("create-tenant", args.Command);
        Assert.Equal(["--name", "Clinique", "--slug", "clinique"], args.CommandArgs);
        Assert.Empty(args.HostArgs);
    }

    [Fact]
    public void A_bad_role_is_refused()
    {
        Assert.Throws<ArgumentException>(() => HostArguments.Parse(["--role", "everything"]));
    }
}
