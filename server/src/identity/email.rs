//! Email addresses: what people type, and the key that makes them unique.

use unicode_normalization::UnicodeNormalization;

use super::FieldError;

const MAX_LENGTH: usize = 254;
const LOCAL_MAX_LENGTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress {
    display: String,
    normalized: String,
}

impl EmailAddress {
    /// Trims, applies Unicode NFC and lower-cases the domain for the address shown back to
    /// people. The uniqueness key also folds the local part's case: no mail provider people
    /// use tells `Jane@` from `jane@`, and two accounts on one inbox invite takeovers.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                "email_address",
                "form_param_format_invalid",
                "Enter a valid email address.",
            )
        };
        let composed: String = raw.trim().nfc().collect();
        let (local, domain) = composed.rsplit_once('@').ok_or_else(invalid)?;
        let well_formed = !local.is_empty()
            && local.len() <= LOCAL_MAX_LENGTH
            && !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !composed
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
            && !local.contains('@')
            && composed.len() <= MAX_LENGTH;
        if !well_formed {
            return Err(invalid());
        }
        let display = format!("{local}@{}", domain.to_lowercase());
        let normalized = display.to_lowercase();
        Ok(Self {
            display,
            normalized,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    pub fn local_part(&self) -> &str {
        self.display
            .rsplit_once('@')
            .map(|(local, _)| local)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_domains_lower_cased() {
        let email = EmailAddress::parse("  Jane.Doe@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Jane.Doe@example.com");
        assert_eq!(email.normalized(), "jane.doe@example.com");
        assert_eq!(email.local_part(), "Jane.Doe");
    }

    #[test]
    fn composed_and_decomposed_unicode_are_the_same_address() {
        let composed = EmailAddress::parse("jos\u{e9}@example.com").unwrap();
        let decomposed = EmailAddress::parse("jose\u{301}@example.com").unwrap();
        assert_eq!(composed.normalized(), decomposed.normalized());
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for raw in [
            "",
            "jane",
            "@example.com",
            "jane@",
            "jane@example",
            "jane@@example.com",
            "ja ne@example.com",
            "jane@.example.com",
            "jane@example..com",
        ] {
            let error = EmailAddress::parse(raw).unwrap_err();
            assert_eq!(error.code, "form_param_format_invalid", "{raw:?}");
        }
        let long = format!("{}@example.com", "a".repeat(65));
        assert!(EmailAddress::parse(&long).is_err());
    }
}
