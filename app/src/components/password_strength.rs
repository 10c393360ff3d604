//! The strength meter under a new password. It advises while the person types; the
//! server's policy (length, the common-password list) still decides. The estimate is a
//! guess-count heuristic small enough for the WASM bundle: a dictionary like zxcvbn's
//! would weigh more than the whole sign-up form.

use leptos::{html::Input, prelude::*};

use super::{
    appearance::class,
    field::{Field, read},
};
use crate::{account::Issue, locale::fill, locale::t};

/// The policy's minimum when the page does not say otherwise (see [`NewPasswordField`]).
const DEFAULT_MIN_LENGTH: usize = 8;

/// Fragments every guessing list tries first: a password built on one counts it as a
/// single character.
const COMMON_FRAGMENTS: &[&str] = &[
    "password",
    "passw0rd",
    "motdepasse",
    "qwerty",
    "azerty",
    "qwertz",
    "asdf",
    "zxcv",
    "letmein",
    "welcome",
    "bienvenue",
    "admin",
    "iloveyou",
    "jetaime",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "soleil",
    "princess",
    "master",
    "shadow",
    "secret",
    "login",
    "hello",
    "bonjour",
    "summer",
    "winter",
    "spring",
    "autumn",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
}

/// How hard `password` looks to guess; `None` while it is empty.
pub fn estimate(password: &str, min_length: usize) -> Option<Strength> {
    let length = password.chars().count();
    if length == 0 {
        return None;
    }
    if length < min_length {
        return Some(Strength::TooShort);
    }
    let bits = entropy_bits(password);
    Some(if bits < 45.0 {
        Strength::Weak
    } else if bits < 70.0 {
        Strength::Fair
    } else {
        Strength::Strong
    })
}

/// Characters an attacker must actually guess, times the bits each costs given the kinds
/// of character used. Repeats and runs (`aaaa`, `1234`, `dcba`) and common fragments
/// add almost nothing, so they are counted as one character.
fn entropy_bits(password: &str) -> f64 {
    let lower = password.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut guessable = chars.len() as f64;
    for fragment in COMMON_FRAGMENTS {
        let occurrences = lower.matches(fragment).count() as f64;
        guessable -= occurrences * (fragment.chars().count() - 1) as f64;
    }
    let predictable = chars
        .windows(2)
        .filter(|pair| (pair[1] as i64 - pair[0] as i64).abs() <= 1)
        .count() as f64;
    guessable = (guessable - predictable).max(1.0);
    guessable * pool_size(password).log2()
}

/// The size of the alphabet the password draws from: each kind of character used
/// widens what a brute-force search must try.
fn pool_size(password: &str) -> f64 {
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    [
        (has(char::is_ascii_lowercase), 26.0),
        (has(char::is_ascii_uppercase), 26.0),
        (has(char::is_ascii_digit), 10.0),
        (has(|c| c.is_ascii() && !c.is_ascii_alphanumeric()), 33.0),
        (has(|c| !c.is_ascii()), 100.0),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, size)| size)
    .sum::<f64>()
    .max(2.0)
}

/// The minimum length the instance enforces. The server renders it into the input's
/// `minlength` (so browsers check it without JavaScript too); the browser reads it back
/// from there, which keeps the hydrated meter in step with the server's policy.
fn server_min_length() -> Option<usize> {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::engine::EngineHandle>().map(|engine| engine.password_min_length())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// A password input for a new password, with the strength meter under it.
#[component]
pub fn NewPasswordField(
    name: &'static str,
    label: &'static str,
    issues: Signal<Vec<Issue>>,
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let min_length = move || {
        node_ref
            .get()
            .map(|input| input.min_length())
            .and_then(|length| usize::try_from(length).ok())
            .filter(|length| *length > 0)
            .unwrap_or(DEFAULT_MIN_LENGTH)
    };
    let strength = Signal::derive(move || estimate(&typed.get(), min_length()));
    view! {
        <Field
            name
            label
            kind="password"
            autocomplete="new-password"
            required=true
            min_length=server_min_length()
            on_input=Callback::new(move |()| typed.set(read(node_ref)))
            issues
            node_ref
        />
        <PasswordStrength strength min_length=Signal::derive(min_length) />
    }
    // Erased: the forms that hold it would otherwise nest deeper than the compiler's
    // default type-recursion limit, in the app that renders them.
    .into_any()
}

/// Four bars and a word. The word sits in a polite live region, so a screen reader hears
/// the verdict change as the person types, without being interrupted on every key.
#[component]
fn PasswordStrength(
    strength: Signal<Option<Strength>>,
    min_length: Signal<usize>,
) -> impl IntoView {
    let strings = &t().strength;
    let filled = move || match strength.get() {
        None => 0,
        Some(Strength::TooShort) => 1,
        Some(Strength::Weak) => 2,
        Some(Strength::Fair) => 3,
        Some(Strength::Strong) => 4,
    };
    let level = move || match strength.get() {
        None => "none",
        Some(Strength::TooShort) => "too-short",
        Some(Strength::Weak) => "weak",
        Some(Strength::Fair) => "fair",
        Some(Strength::Strong) => "strong",
    };
    let verdict = move || {
        strength.get().map(|strength| {
            let word = match strength {
                Strength::TooShort => {
                    fill(strings.too_short, &[("min", &min_length.get().to_string())])
                }
                Strength::Weak => strings.weak.to_owned(),
                Strength::Fair => strings.fair.to_owned(),
                Strength::Strong => strings.strong.to_owned(),
            };
            fill(strings.verdict, &[("strength", &word)])
        })
    };
    view! {
        <div class=class("password-strength", "flex flex-col gap-1") data-strength=level>
            <div class=class("password-strength-bars", "grid grid-cols-4 gap-1") aria-hidden="true">
                {(1..=4)
                    .map(|bar| {
                        view! {
                            <span class=move || {
                                let tone = match (bar <= filled(), strength.get()) {
                                    (false, _) | (true, None) => "bg-hp-border",
                                    (true, Some(Strength::TooShort | Strength::Weak)) => "bg-hp-danger",
                                    (true, Some(Strength::Fair)) => "bg-hp-warning",
                                    (true, Some(Strength::Strong)) => "bg-hp-success",
                                };
                                class("password-strength-bar", &format!("h-1 rounded-full {tone}"))
                            }></span>
                        }
                    })
                    .collect_view()}
            </div>
            <p class=class("password-strength-verdict", "min-h-5 text-xs text-hp-muted") aria-live="polite">
                {verdict}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{Strength, estimate};

    #[test]
    fn nothing_typed_shows_nothing() {
        assert_eq!(estimate("", 8), None);
    }

    #[test]
    fn shorter_than_the_policy_is_too_short_whatever_it_contains() {
        assert_eq!(estimate("X9#q!", 8), Some(Strength::TooShort));
        assert_eq!(estimate("correct horse", 15), Some(Strength::TooShort));
    }

    #[test]
    fn common_words_runs_and_repeats_are_weak() {
        for password in [
            "password1",
            "Password2024",
            "12345678",
            "aaaaaaaaaaaa",
            "qwerty123",
            "abcdefgh",
            "Summer2024!",
        ] {
            assert_eq!(estimate(password, 8), Some(Strength::Weak), "{password}");
        }
    }

    #[test]
    fn mixed_characters_of_moderate_length_are_fair() {
        for password in ["Gx7mRk2z", "tigre-lune"] {
            assert_eq!(estimate(password, 8), Some(Strength::Fair), "{password}");
        }
    }

    #[test]
    fn long_passphrases_and_varied_passwords_are_strong() {
        for password in [
            "correct horse battery staple 42",
            "Tr0ub4dor&3xK",
            "vélo rouge sous la pluie",
        ] {
            assert_eq!(estimate(password, 8), Some(Strength::Strong), "{password}");
        }
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert_eq!(estimate("éééé", 5), Some(Strength::TooShort));
    }
}
