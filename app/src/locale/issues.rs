//! Refusals in the page's language. The server sends a stable code, the field it concerns
//! and the limits its English message mentions; the words come from the locale table, and
//! the server's English is only the last resort, for a code this table does not know.

use super::{Strings, fill, strings::ErrorStrings};
use crate::account::Issue;

/// Where a refusal is shown, for the one code whose meaning depends on it: a wrong
/// password while signing in may be a wrong identifier too (and we do not say which);
/// in account settings it is the current password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueContext {
    SigningIn,
    Account,
}

impl ErrorStrings {
    /// The template for `code` about the field `param`, or `None` for an unknown code.
    pub fn for_code(
        &self,
        code: &str,
        param: Option<&str>,
        context: IssueContext,
    ) -> Option<&'static str> {
        let name = matches!(param, Some("first_name" | "last_name"));
        Some(match code {
            "form_identifier_exists" if param == Some("username") => self.username_taken,
            "form_identifier_exists" => self.email_taken,
            "form_password_incorrect"
                if context == IssueContext::Account || param == Some("current_password") =>
            {
                self.current_password_incorrect
            }
            "form_password_incorrect" => self.credentials_incorrect,
            "form_password_length_too_short" => self.password_too_short,
            "form_password_length_too_long" => self.password_too_long,
            "form_password_pwned" => self.password_pwned,
            "form_password_contains_email" => self.password_contains_email,
            "form_param_format_invalid" if param == Some("email_address") => self.email_invalid,
            "form_param_format_invalid" if name => self.name_invalid,
            "form_param_format_invalid" => self.format_invalid,
            "form_param_exceeds_allowed_size" if param == Some("identifier") => {
                self.identifier_too_long
            }
            "form_param_exceeds_allowed_size" if name => self.name_too_long,
            "form_param_exceeds_allowed_size" => self.too_long,
            "form_username_invalid_length" => self.username_length,
            "form_username_invalid_character" => self.username_characters,
            "form_param_missing" if param == Some("file") => self.image_missing,
            "form_param_missing" => self.required,
            "strategy_for_user_invalid" => self.strategy_invalid,
            "session_exists" => self.session_exists,
            "client_session_limit_reached" => self.client_session_limit,
            "invalid_step" => self.invalid_step,
            "form_code_incorrect" => self.code_incorrect,
            "verification_missing" => self.verification_missing,
            "verification_expired" => self.verification_expired,
            "verification_failed" => self.verification_failed,
            "email_address_not_verified" => self.email_not_verified,
            "primary_email_address_removal" => self.primary_email_removal,
            "image_too_large" => self.image_too_large,
            "image_type_unsupported" => self.image_type_unsupported,
            "image_invalid" => self.image_invalid,
            "image_dimensions_too_large" => self.image_dimensions_too_large,
            "user_locked" => self.user_locked,
            "user_banned" => self.user_banned,
            "too_many_requests" => self.too_many_requests,
            "resource_not_found" => self.not_found,
            "signed_out" => self.signed_out,
            "session_revoked" => self.session_revoked,
            "session_ended" => self.session_ended,
            "session_expired" => self.session_expired,
            "database_unavailable" => self.database_unavailable,
            "internal_error" => self.internal_error,
            _ => return None,
        })
    }
}

/// `issue` with its message in the words of `strings`. The server's English stays for a
/// code the table does not know, and for one that lacks a number its words need.
pub fn localize(issue: Issue, context: IssueContext, strings: &Strings) -> Issue {
    let Some(template) = strings
        .errors
        .for_code(&issue.code, issue.param.as_deref(), context)
    else {
        return issue;
    };
    let complete = placeholders(template).all(|name| issue.args.iter().any(|(arg, _)| arg == name));
    if !complete {
        return issue;
    }
    let args: Vec<(&str, &str)> = issue
        .args
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let message = fill(template, &args);
    Issue { message, ..issue }
}

/// The `{name}`s in `template`.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{EN, FR};

    fn issue(code: &str, param: Option<&str>, args: &[(&str, &str)]) -> Issue {
        Issue {
            code: code.into(),
            message: "the server's English".into(),
            param: param.map(str::to_owned),
            args: args
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
        }
    }

    #[test]
    fn limits_from_the_server_fill_the_message() {
        let short = issue(
            "form_password_length_too_short",
            Some("password"),
            &[("min", "8")],
        );
        assert_eq!(
            localize(short.clone(), IssueContext::SigningIn, &EN).message,
            "Passwords must be at least 8 characters long."
        );
        assert_eq!(
            localize(short, IssueContext::SigningIn, &FR).message,
            "Le mot de passe doit comporter au moins 8\u{a0}caractères."
        );
    }

    #[test]
    fn a_wrong_password_reads_differently_in_account_settings() {
        let wrong = issue("form_password_incorrect", Some("password"), &[]);
        assert_eq!(
            localize(wrong.clone(), IssueContext::SigningIn, &FR).message,
            FR.errors.credentials_incorrect
        );
        assert_eq!(
            localize(wrong, IssueContext::Account, &FR).message,
            FR.errors.current_password_incorrect
        );
    }

    #[test]
    fn a_missing_limit_keeps_the_servers_message() {
        let short = issue("form_password_length_too_short", Some("password"), &[]);
        assert_eq!(
            localize(short, IssueContext::SigningIn, &FR).message,
            "the server's English"
        );
    }

    #[test]
    fn an_unknown_code_keeps_the_servers_message() {
        let unknown = issue("something_new", None, &[]);
        assert_eq!(
            localize(unknown, IssueContext::SigningIn, &FR).message,
            "the server's English"
        );
    }
}
