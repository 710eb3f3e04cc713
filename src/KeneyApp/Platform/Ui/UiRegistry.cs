using Microsoft.AspNetCore.Components;

namespace KeneyApp.Platform.Ui;

/// <summary>A tab of the patient chart, given by the feature that owns its data; the component takes <c>PatientId</c>.</summary>
public sealed record ChartTab(string TitleKey, Type Component, int Order, string Policy);

/// <summary>A link of the header; <c>Badge</c>, when set, is a component shown beside it (an unread count).</summary>
public sealed record NavLink(string TextKey, string Href, int Order, string Policy, Type? Badge = null);

/// <summary>A patient chosen in a picker (another feature's screen books or writes for that patient).</summary>
public sealed record PickedPatient(int Id, string Name);

/// <summary>A panel of the home page (the signed-in user's day), given by the feature whose data it shows.</summary>
public sealed record HomePanel(Type Component, int Order, string Policy);

/// <summary>
/// The pieces of the web application that a page shows without knowing the feature behind them: the chart's tabs,
/// the header's links. Each feature registers its own, so features stay apart and the sharing and notification
/// screens can join later without editing the chart or the layout.
/// </summary>
public sealed class UiRegistry
{
    public List<ChartTab> ChartTabs { get; } = [];
    public List<NavLink> NavLinks { get; } = [];
    public List<HomePanel> HomePanels { get; } = [];

    /// <summary>
    /// The patients feature's picker (its own search, its own rules), for screens of other features that need a
    /// patient chosen by name; it takes an <c>EventCallback&lt;PickedPatient&gt; Picked</c>.
    /// </summary>
    public Type? PatientPicker { get; set; }
}

public static class UiRegistration
{
    public static IServiceCollection AddChartTab<TComponent>(this IServiceCollection services, string titleKey, int order, string policy)
        where TComponent : IComponent
    {
        Registry(services).ChartTabs.Add(new ChartTab(titleKey, typeof(TComponent), order, policy));
        return services;
    }

    public static IServiceCollection AddNavLink(this IServiceCollection services, string textKey, string href, int order, string policy, Type? badge = null)
    {
        Registry(services).NavLinks.Add(new NavLink(textKey, href, order, policy, badge));
        return services;
    }

    public static IServiceCollection AddHomePanel<TComponent>(this IServiceCollection services, int order, string policy)
        where TComponent : IComponent
    {
        Registry(services).HomePanels.Add(new HomePanel(typeof(TComponent), order, policy));
        return services;
    }

    public static IServiceCollection AddPatientPicker<TComponent>(this IServiceCollection services)
        where TComponent : IComponent
    {
        Registry(services).PatientPicker = typeof(TComponent);
        return services;
    }

    private static UiRegistry Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(UiRegistry))?.ImplementationInstance is UiRegistry registry)
        {
            return registry;
        }
        registry = new UiRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
