//! The mission's areas as one table: route path, navigation label, description and test id.

use crate::i18n::Msg;

/// A top-level area of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Customers,
    Orders,
    Products,
    Service,
    Marketing,
    Cleaning,
    Analytics,
    Mining,
    Settings,
}

impl Area {
    /// Every area, in the order the navigation shows them.
    pub const ALL: [Area; 9] = [
        Area::Customers,
        Area::Orders,
        Area::Products,
        Area::Service,
        Area::Marketing,
        Area::Cleaning,
        Area::Analytics,
        Area::Mining,
        Area::Settings,
    ];

    /// The route segment, without slashes; also used in `data-testid`s.
    pub fn slug(self) -> &'static str {
        match self {
            Area::Customers => "customers",
            Area::Orders => "orders",
            Area::Products => "products",
            Area::Service => "service",
            Area::Marketing => "marketing",
            Area::Cleaning => "cleaning",
            Area::Analytics => "analytics",
            Area::Mining => "mining",
            Area::Settings => "settings",
        }
    }

    /// The absolute route path inside the app (the router adds the deployment's base).
    pub fn path(self) -> String {
        format!("/{}", self.slug())
    }

    /// The navigation label.
    pub fn label(self) -> Msg {
        match self {
            Area::Customers => Msg::NavCustomers,
            Area::Orders => Msg::NavOrders,
            Area::Products => Msg::NavProducts,
            Area::Service => Msg::NavService,
            Area::Marketing => Msg::NavMarketing,
            Area::Cleaning => Msg::NavCleaning,
            Area::Analytics => Msg::NavAnalytics,
            Area::Mining => Msg::NavMining,
            Area::Settings => Msg::NavSettings,
        }
    }

    /// One line on what the area is for, shown on the home page.
    pub fn about(self) -> Msg {
        match self {
            Area::Customers => Msg::AboutCustomers,
            Area::Orders => Msg::AboutOrders,
            Area::Products => Msg::AboutProducts,
            Area::Service => Msg::AboutService,
            Area::Marketing => Msg::AboutMarketing,
            Area::Cleaning => Msg::AboutCleaning,
            Area::Analytics => Msg::AboutAnalytics,
            Area::Mining => Msg::AboutMining,
            Area::Settings => Msg::AboutSettings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn slugs_are_unique_lowercase_path_segments() {
        let mut seen = HashSet::new();
        for area in Area::ALL {
            let slug = area.slug();
            assert!(seen.insert(slug), "{slug} repeats");
            assert!(slug.chars().all(|c| c.is_ascii_lowercase()), "{slug}");
            assert_eq!(area.path(), format!("/{slug}"));
        }
    }
}
