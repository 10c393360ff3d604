//! Profile fields a person types in, with the limits that keep rows and pages bounded.

use serde_json::{Map, Value};

/// A rejected field: which parameter, a stable code, a message for people, and the limits
/// the message mentions, so that a client can say them in another language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub param: &'static str,
    pub code: &'static str,
    pub message: String,
    pub limits: Vec<(&'static str, usize)>,
}

impl FieldError {
    pub fn new(param: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            param,
            code,
            message: message.into(),
            limits: Vec::new(),
        }
    }

    /// Names a number the message mentions: `min` or `max`.
    pub fn limit(mut self, name: &'static str, value: usize) -> Self {
        self.limits.push((name, value));
        self
    }
}

const NAME_MAX_CHARS: usize = 256;
const USERNAME_MIN_CHARS: usize = 3;
const USERNAME_MAX_CHARS: usize = 64;
/// Enough for preferences a client keeps on its user; past this it belongs in a database.
pub const METADATA_MAX_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// `None` for a blank name, which clears it.
    pub fn parse(param: &'static str, raw: &str) -> Result<Option<Self>, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if trimmed.chars().count() > NAME_MAX_CHARS {
            return Err(FieldError::new(
                param,
                "form_param_exceeds_allowed_size",
                format!("Names can be at most {NAME_MAX_CHARS} characters long."),
            )
            .limit("max", NAME_MAX_CHARS));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::new(
                param,
                "form_param_format_invalid",
                "Names cannot contain control characters.",
            ));
        }
        Ok(Some(Self(trimmed.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username {
    display: String,
    normalized: String,
}

impl Username {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let display = raw.trim();
        let length = display.chars().count();
        if !(USERNAME_MIN_CHARS..=USERNAME_MAX_CHARS).contains(&length) {
            return Err(FieldError::new(
                "username",
                "form_username_invalid_length",
                format!(
                    "Usernames must be between {USERNAME_MIN_CHARS} and {USERNAME_MAX_CHARS} characters long."
                ),
            )
            .limit("min", USERNAME_MIN_CHARS)
            .limit("max", USERNAME_MAX_CHARS));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
        if !display.chars().all(allowed) {
            return Err(FieldError::new(
                "username",
                "form_username_invalid_character",
                "Usernames can only contain letters, digits, '_', '-' and '.'.",
            ));
        }
        // An '@' is already refused above; no username can be mistaken for an email address.
        Ok(Self {
            display: display.to_owned(),
            normalized: display.to_ascii_lowercase(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// Unique across users: `Jane` and `jane` are the same username.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

/// A JSON object of bounded size, as stored in the `*_metadata` columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata(Map<String, Value>);

impl Metadata {
    pub fn parse(param: &'static str, value: Value) -> Result<Self, FieldError> {
        let Value::Object(map) = value else {
            return Err(FieldError::new(
                param,
                "form_param_format_invalid",
                "Metadata must be a JSON object.",
            ));
        };
        let metadata = Self(map);
        if metadata.to_json().len() > METADATA_MAX_BYTES {
            return Err(FieldError::new(
                param,
                "form_param_exceeds_allowed_size",
                format!("Metadata can be at most {METADATA_MAX_BYTES} bytes of JSON."),
            )
            .limit("max", METADATA_MAX_BYTES));
        }
        Ok(metadata)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).expect("a JSON map serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_unique_case_insensitively() {
        let username = Username::parse(" Jane_Doe ").unwrap();
        assert_eq!(username.as_str(), "Jane_Doe");
        assert_eq!(username.normalized(), "jane_doe");
    }

    #[test]
    fn usernames_outside_the_rules_are_refused() {
        assert_eq!(
            Username::parse("ab").unwrap_err().code,
            "form_username_invalid_length"
        );
        assert_eq!(
            Username::parse(&"a".repeat(65)).unwrap_err().code,
            "form_username_invalid_length"
        );
        assert_eq!(
            Username::parse("jane@doe").unwrap_err().code,
            "form_username_invalid_character"
        );
        assert_eq!(
            Username::parse("jane doe").unwrap_err().code,
            "form_username_invalid_character"
        );
    }

    #[test]
    fn blank_names_clear_and_long_names_are_refused() {
        assert_eq!(PersonName::parse("first_name", "  ").unwrap(), None);
        assert_eq!(
            PersonName::parse("first_name", " Ada ")
                .unwrap()
                .unwrap()
                .as_str(),
            "Ada"
        );
        let long = "x".repeat(257);
        assert_eq!(
            PersonName::parse("first_name", &long).unwrap_err().code,
            "form_param_exceeds_allowed_size"
        );
    }

    #[test]
    fn metadata_must_be_a_bounded_object() {
        assert!(Metadata::parse("unsafe_metadata", serde_json::json!({"theme": "dark"})).is_ok());
        assert!(Metadata::parse("unsafe_metadata", serde_json::json!([1, 2])).is_err());
        let big = serde_json::json!({ "blob": "x".repeat(METADATA_MAX_BYTES) });
        assert_eq!(
            Metadata::parse("unsafe_metadata", big).unwrap_err().code,
            "form_param_exceeds_allowed_size"
        );
    }
}
