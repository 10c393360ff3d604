//! Styling by stable element keys. Every element the components render carries the class
//! `hp-<key>` (a hook for an app's own CSS that survives our markup changes), the default
//! look, and whatever extra classes the app gave that key in [`Appearance`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Extra classes per element key, e.g. `("card", "shadow-none")` or
/// `("button-primary", "uppercase")`. Set it on [`super::HallpassConfig`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appearance {
    pub elements: Vec<(String, String)>,
}

impl Appearance {
    pub fn element(mut self, key: impl Into<String>, classes: impl Into<String>) -> Self {
        self.elements.push((key.into(), classes.into()));
        self
    }
}

/// The class attribute of the element `key`: its stable class, its default look, then the
/// app's additions, which come last so that they win where utilities conflict. `key` may
/// name several keys, the general one first (`"card sign-in"`): the element then carries
/// every `hp-<key>` and takes the additions given to any of them.
pub fn class(key: &str, default: &str) -> String {
    let appearance = use_context::<Appearance>().unwrap_or_default();
    let keys = key.split_whitespace();
    let stable = keys.clone().map(|key| format!("hp-{key}"));
    let extra = keys.flat_map(|key| {
        appearance
            .elements
            .iter()
            .filter(move |(element, _)| element == key)
            .map(|(_, classes)| classes.clone())
    });
    stable
        .chain(std::iter::once(default.to_owned()))
        .chain(extra.collect::<Vec<_>>())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_added_to_its_key_only() {
        let owner = Owner::new();
        owner.with(|| {
            provide_context(
                Appearance::default()
                    .element("card", "shadow-none")
                    .element("sign-in", "max-w-md"),
            );
            assert_eq!(class("card", "p-8"), "hp-card p-8 shadow-none");
            assert_eq!(
                class("card sign-in", "p-8"),
                "hp-card hp-sign-in p-8 shadow-none max-w-md"
            );
            assert_eq!(class("title", "text-2xl"), "hp-title text-2xl");
            assert_eq!(class("avatar-remove", ""), "hp-avatar-remove");
        });
    }

    #[test]
    fn without_a_provider_only_the_defaults_apply() {
        Owner::new().with(|| assert_eq!(class("card", "p-8"), "hp-card p-8"));
    }
}
