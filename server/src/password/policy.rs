//! What a new password must satisfy, following NIST SP 800-63B: a length floor and
//! ceiling, a blocklist of common passwords and nothing about character classes, because
//! composition rules push people towards predictable substitutions without adding
//! guessing resistance.

use std::{collections::HashSet, sync::LazyLock};

use super::normalize::normalize;
use crate::identity::FieldError;

/// Embedded rather than read at start-up so a deployment cannot silently run without it.
/// The list is lower-case ASCII; see `server/data/README.md` for where it comes from.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .collect()
});

/// An email local part shorter than this matches too many unrelated passwords
/// ("al", "jo") to be worth refusing.
const MIN_EMAIL_LOCAL_PART: usize = 3;

/// Lengths are counted in Unicode scalar values after NFKC normalization, the form the
/// hasher stores, so a user is judged on the same characters that are later verified,
/// however their keyboard or password manager encoded them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    /// Only there to bound hashing work per request; well above any passphrase a person
    /// or password manager produces, so it never forces truncation.
    pub max_length: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 8,
            max_length: 1024,
        }
    }
}

impl PasswordPolicy {
    /// The email, when known, lets a sign-up refuse a password built from the address the
    /// attacker already has; the first failed rule is reported.
    pub fn check(&self, password: &str, email: Option<&str>) -> Result<(), PasswordRejection> {
        let normalized = normalize(password);
        let length = normalized.chars().count();
        if length < self.min_length {
            return Err(PasswordRejection::TooShort {
                min: self.min_length,
            });
        }
        if length > self.max_length {
            return Err(PasswordRejection::TooLong {
                max: self.max_length,
            });
        }
        let folded = normalized.to_lowercase();
        if is_common(&folded) {
            return Err(PasswordRejection::Common);
        }
        if email.is_some_and(|email| contains_local_part(&folded, email)) {
            return Err(PasswordRejection::ContainsEmail);
        }
        Ok(())
    }
}

/// The list is case-folded at the source, so the candidate must be too: "Dragon" is as
/// guessable as "dragon".
fn is_common(folded: &str) -> bool {
    COMMON_PASSWORDS.contains(folded)
}

/// An address without '@' is treated as all local part: refusing more is the safe side.
fn contains_local_part(folded_password: &str, email: &str) -> bool {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    let local = normalize(local).to_lowercase();
    local.chars().count() >= MIN_EMAIL_LOCAL_PART && folded_password.contains(&local)
}

/// Codes follow Clerk's, so clients written against Clerk map them without changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejection {
    #[error("Passwords must be at least {min} characters long.")]
    TooShort { min: usize },
    #[error("Passwords must be at most {max} characters long.")]
    TooLong { max: usize },
    #[error("This password is one of the most commonly used; choose a different one.")]
    Common,
    #[error("Passwords must not contain your email address.")]
    ContainsEmail,
}

impl PasswordRejection {
    /// The refusal as a problem with the form field `param`, with its limit.
    pub fn for_field(&self, param: &'static str) -> FieldError {
        let error = FieldError::new(param, self.code(), self.to_string());
        match *self {
            PasswordRejection::TooShort { min } => error.limit("min", min),
            PasswordRejection::TooLong { max } => error.limit("max", max),
            PasswordRejection::Common | PasswordRejection::ContainsEmail => error,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            PasswordRejection::TooShort { .. } => "form_password_length_too_short",
            PasswordRejection::TooLong { .. } => "form_password_length_too_long",
            PasswordRejection::Common => "form_password_pwned",
            PasswordRejection::ContainsEmail => "form_password_contains_email",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str) -> Result<(), PasswordRejection> {
        PasswordPolicy::default().check(password, None)
    }

    #[test]
    fn the_minimum_length_is_inclusive() {
        assert_eq!(
            check("x7#kq9!"),
            Err(PasswordRejection::TooShort { min: 8 })
        );
        assert_eq!(check("x7#kq9!m"), Ok(()));
    }

    #[test]
    fn long_passphrases_are_accepted_up_to_the_maximum() {
        let policy = PasswordPolicy::default();
        assert_eq!(check(&"correct horse ".repeat(19)[..256]), Ok(()));
        assert_eq!(check(&"x".repeat(policy.max_length)), Ok(()));
        assert_eq!(
            check(&"x".repeat(policy.max_length + 1)),
            Err(PasswordRejection::TooLong { max: 1024 })
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Seven characters, fourteen bytes.
        assert_eq!(
            check("ééééééé"),
            Err(PasswordRejection::TooShort { min: 8 })
        );
        assert_eq!(check("éééééééé"), Ok(()));
        assert_eq!(check("🔑🔑🔑🔑🔑🔑🔑🔑"), Ok(()));
    }

    #[test]
    fn length_is_counted_after_nfkc() {
        // Four ligatures become eight letters.
        assert_eq!(check("ﬁﬁﬁﬁ"), Ok(()));
        // Fourteen scalars (e + combining acute) compose into seven.
        assert_eq!(
            check(&"e\u{301}".repeat(7)),
            Err(PasswordRejection::TooShort { min: 8 })
        );
    }

    #[test]
    fn common_passwords_are_rejected_whatever_their_case() {
        for listed in ["password", "qwerty123", "dragon"] {
            assert!(is_common(listed), "{listed} should be in the bundled list");
        }
        assert_eq!(check("password"), Err(PasswordRejection::Common));
        assert_eq!(check("qwerty123"), Err(PasswordRejection::Common));
        assert_eq!(check("PassWord"), Err(PasswordRejection::Common));
        // "Dragon" is under the default minimum, so lower it to reach the list check.
        let short = PasswordPolicy {
            min_length: 1,
            ..PasswordPolicy::default()
        };
        assert_eq!(short.check("Dragon", None), Err(PasswordRejection::Common));
    }

    #[test]
    fn the_common_list_is_fully_loaded() {
        assert_eq!(COMMON_PASSWORDS.len(), 30_000);
        assert!(COMMON_PASSWORDS.iter().all(|p| !p.is_empty()));
    }

    #[test]
    fn an_uncommon_passphrase_is_accepted() {
        assert_eq!(check("marble tugboat quietly orbits 41 lemons"), Ok(()));
    }

    #[test]
    fn passwords_containing_the_email_local_part_are_rejected() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy.check("xxJane.Doe2024!", Some("jane.doe@example.com")),
            Err(PasswordRejection::ContainsEmail)
        );
        // The local part is what precedes the last '@'.
        assert_eq!(
            policy.check("zz\"Q@R\"2024zz", Some("\"q@r\"@example.com")),
            Err(PasswordRejection::ContainsEmail)
        );
        assert_eq!(
            policy.check("xxJane.Doe2024!", Some("someone@example.com")),
            Ok(())
        );
    }

    #[test]
    fn short_email_local_parts_are_not_applied() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("bobcat-kq7!z", Some("jo@example.com")), Ok(()));
        assert_eq!(
            policy.check("bobcat-kq7!z", Some("bob@example.com")),
            Err(PasswordRejection::ContainsEmail)
        );
    }

    #[test]
    fn rejections_carry_stable_codes_and_messages() {
        let cases = [
            (
                PasswordRejection::TooShort { min: 8 },
                "form_password_length_too_short",
                "Passwords must be at least 8 characters long.",
            ),
            (
                PasswordRejection::TooLong { max: 1024 },
                "form_password_length_too_long",
                "Passwords must be at most 1024 characters long.",
            ),
            (
                PasswordRejection::Common,
                "form_password_pwned",
                "This password is one of the most commonly used; choose a different one.",
            ),
            (
                PasswordRejection::ContainsEmail,
                "form_password_contains_email",
                "Passwords must not contain your email address.",
            ),
        ];
        for (rejection, code, message) in cases {
            assert_eq!(rejection.code(), code);
            assert_eq!(rejection.to_string(), message);
        }
    }
}
