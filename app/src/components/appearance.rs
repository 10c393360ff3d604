//! Styling by stable element keys. Every element the components render carries the class
//! `hp-<key>` (a hook for an app's own CSS that survives our markup changes), the default
//! look, and whatever extra classes the app gave that key in [`Appearance`].

use leptos::prelude::*;

/// Extra classes per element key, e.g. `("card", "shadow-none")` or
/// `("button-primary", "uppercase")`. Set it on [`super::HallpassConfig`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
/// app's additions, which come last so that they win where utilities conflict.
pub fn class(key: &str, default: &str) -> String {
    let extra = use_context::<Appearance>()
        .into_iter()
        .flat_map(|appearance| appearance.elements)
        .filter(|(element, _)| element == key)
        .map(|(_, classes)| classes)
        .collect::<Vec<_>>()
        .join(" ");
    [format!("hp-{key}"), default.to_owned(), extra]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
