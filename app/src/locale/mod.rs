//! Every word the components show, per language. A table is one [`Strings`] value of
//! plain `&'static str` fields, so a language missing a string does not compile, and the
//! tables cost the WASM bundle only their text.
//!
//! Refusals from the server arrive as [`Issue`](crate::account::Issue)s with stable codes;
//! [`localize`] words them in the page's language from the same table.

#[cfg(feature = "ssr")]
mod email;
mod en;
mod fr;
mod issues;
mod strings;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use email::*;
pub use en::EN;
pub use fr::FR;
pub use issues::{IssueContext, localize};
pub use strings::*;

/// A language the components speak. `HallpassConfig::locale` picks one, or leaves it to
/// the visitor's browser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::En => &EN,
            Locale::Fr => &FR,
        }
    }

    /// The locale for a language tag such as `fr-CA`, by its primary language.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let language = tag.split(['-', '_']).next()?;
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag().eq_ignore_ascii_case(language))
    }

    /// The visitor's most preferred language that we speak, from an `Accept-Language`
    /// header; English when there is none.
    pub fn negotiate(accept_language: &str) -> Locale {
        accept_language::parse_with_quality(accept_language)
            .into_iter()
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(tag, _)| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
}

/// The locale of the page being rendered, when the app left the choice to the visitor.
/// On the server it comes from the request's `Accept-Language`; in the browser, from the
/// `<html lang>` the server rendered, so both render the same words and hydration agrees.
/// An app with its own shell and no fixed locale renders `<html lang=page_locale().tag()>`.
pub fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                let header = parts.headers.get(http::header::ACCEPT_LANGUAGE)?;
                header.to_str().ok().map(Locale::negotiate)
            })
            .unwrap_or_default()
    }
    #[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::from_tag(&lang))
            .unwrap_or_default()
    }
    #[cfg(all(not(feature = "ssr"), not(target_arch = "wasm32")))]
    {
        Locale::default()
    }
}

/// The locale `HallpassProvider` chose; English outside a provider.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The words of the provider's locale.
pub fn t() -> &'static Strings {
    use_locale().strings()
}

/// `template` with every `{name}` replaced by its value; an unknown `{name}` stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        text.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let name = &after[..end];
            let value = values.iter().find(|(key, _)| *key == name)?.1;
            Some((value, end))
        });
        match value {
            Some((value, end)) => {
                text.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill(
                "{browser} on {system}",
                &[("system", "Linux"), ("browser", "Firefox")]
            ),
            "Firefox on Linux"
        );
        assert_eq!(fill("{unknown} stays", &[("name", "x")]), "{unknown} stays");
        assert_eq!(fill("no { close", &[]), "no { close");
    }

    #[test]
    fn tags_match_by_primary_language() {
        assert_eq!(Locale::from_tag("fr-CA"), Some(Locale::Fr));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("de"), None);
    }

    #[test]
    fn the_most_preferred_known_language_wins() {
        assert_eq!(Locale::negotiate("fr-FR,fr;q=0.9,en-US;q=0.8"), Locale::Fr);
        assert_eq!(Locale::negotiate("de-DE, fr;q=0.5, en;q=0.7"), Locale::En);
        assert_eq!(Locale::negotiate("de, fr;q=0"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
    }
}
