//! The shape of a locale table: one field per string, grouped by where it shows. Strings
//! with `{name}` placeholders are completed with [`super::fill`].

/// Everything the components and hosted pages say.
#[derive(Debug)]
pub struct Strings {
    pub fields: FieldStrings,
    pub sign_in: SignInStrings,
    pub sign_up: SignUpStrings,
    pub strength: StrengthStrings,
    pub user_menu: UserMenuStrings,
    pub profile: ProfileStrings,
    pub pages: PageStrings,
    pub errors: ErrorStrings,
}

/// Labels of the inputs several forms share.
#[derive(Debug)]
pub struct FieldStrings {
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email_address: &'static str,
    pub username: &'static str,
    pub password: &'static str,
}

#[derive(Debug)]
pub struct SignInStrings {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub identifier: &'static str,
    pub submit: &'static str,
    pub no_account: &'static str,
    /// The sign-in link and `SignInButton`'s default label.
    pub link: &'static str,
    /// The button that emails a code instead of checking a password.
    pub email_code: &'static str,
    pub email_link: &'static str,
    /// The link step's text: a link, not a code, is on its way.
    pub link_sent: &'static str,
    pub resend_link: &'static str,
    pub code_title: &'static str,
    pub code_sent: &'static str,
    pub code: &'static str,
    pub code_submit: &'static str,
    /// Back to the first step, to use a password or another address.
    pub another_method: &'static str,
    pub forgot_password: &'static str,
    pub resend: &'static str,
    /// `{seconds}` until another code or link may be sent.
    pub resend_in: &'static str,
    pub reset_title: &'static str,
    pub reset_submit: &'static str,
}

#[derive(Debug)]
pub struct SignUpStrings {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub submit: &'static str,
    pub have_account: &'static str,
    /// The sign-up link and `SignUpButton`'s default label.
    pub link: &'static str,
    pub verify_title: &'static str,
    pub verify_sent: &'static str,
    pub verify_submit: &'static str,
    /// Back to the form, to fix the address.
    pub start_over: &'static str,
}

/// The meter under a new password.
#[derive(Debug)]
pub struct StrengthStrings {
    /// `{strength}`: one of the words below.
    pub verdict: &'static str,
    /// `{min}`: the instance's minimum length.
    pub too_short: &'static str,
    pub weak: &'static str,
    pub fair: &'static str,
    pub strong: &'static str,
}

#[derive(Debug)]
pub struct UserMenuStrings {
    /// The avatar button's accessible name.
    pub open: &'static str,
    /// The menu's accessible name.
    pub menu: &'static str,
    /// `{name}`: the other account's name.
    pub switch_to: &'static str,
    pub manage_account: &'static str,
    pub add_account: &'static str,
    pub sign_out: &'static str,
}

#[derive(Debug)]
pub struct ProfileStrings {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub signed_out: &'static str,
    pub profile_section: &'static str,
    pub picture: &'static str,
    pub picture_hint: &'static str,
    pub upload: &'static str,
    pub remove: &'static str,
    pub save_profile: &'static str,
    pub profile_saved: &'static str,
    pub emails_section: &'static str,
    pub emails_updated: &'static str,
    pub add_email: &'static str,
    pub add_email_submit: &'static str,
    /// Confirms an added address, to which a code is on its way.
    pub email_added: &'static str,
    /// Under an unverified address: the code that verifies it.
    pub verify_code: &'static str,
    pub verify_email: &'static str,
    pub email_verified: &'static str,
    pub email_code_sent: &'static str,
    pub send_email_code: &'static str,
    pub primary: &'static str,
    pub unverified: &'static str,
    pub make_primary: &'static str,
    pub password_section: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub sign_out_other_devices: &'static str,
    pub change_password: &'static str,
    pub set_password: &'static str,
    pub password_changed: &'static str,
    pub devices_section: &'static str,
    pub device_signed_out: &'static str,
    pub this_device: &'static str,
    /// `{browser}` and `{system}`, e.g. "Firefox" and "Linux".
    pub browser_on_system: &'static str,
    pub unknown_device: &'static str,
    /// `{time}`: when the device was last used.
    pub last_active: &'static str,
    pub sign_out_device: &'static str,
    /// Read by screen readers after `sign_out_device`; `{device}` names the device.
    pub sign_out_device_detail: &'static str,
    pub danger_section: &'static str,
    pub delete_account: &'static str,
    pub delete_warning: &'static str,
    pub confirm_password: &'static str,
    pub delete_submit: &'static str,
    pub account_deleted: &'static str,
}

/// The hosted pages' titles and texts.
#[derive(Debug)]
pub struct PageStrings {
    pub sign_in_title: &'static str,
    pub sign_up_title: &'static str,
    pub account_title: &'static str,
    pub signed_out_title: &'static str,
    /// The accessible name of the account page's navigation.
    pub account_nav: &'static str,
    pub back_home: &'static str,
    pub home: &'static str,
    pub signed_out_heading: &'static str,
    pub signed_out_text: &'static str,
    pub sign_in_again: &'static str,
}

/// Refusals from the server, by code (and, where one code covers several cases, by the
/// field or the form). `{min}` and `{max}` are the limits the server sends along.
#[derive(Debug)]
pub struct ErrorStrings {
    pub email_taken: &'static str,
    pub username_taken: &'static str,
    /// Signing in: the identifier may be wrong too, and we do not say which.
    pub credentials_incorrect: &'static str,
    pub current_password_incorrect: &'static str,
    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub password_pwned: &'static str,
    pub password_contains_email: &'static str,
    pub email_invalid: &'static str,
    pub name_invalid: &'static str,
    pub format_invalid: &'static str,
    pub identifier_too_long: &'static str,
    pub name_too_long: &'static str,
    pub too_long: &'static str,
    pub username_length: &'static str,
    pub username_characters: &'static str,
    pub image_missing: &'static str,
    pub required: &'static str,
    pub strategy_invalid: &'static str,
    pub session_exists: &'static str,
    pub client_session_limit: &'static str,
    pub invalid_step: &'static str,
    pub code_incorrect: &'static str,
    pub verification_missing: &'static str,
    pub verification_expired: &'static str,
    pub verification_failed: &'static str,
    pub email_not_verified: &'static str,
    pub primary_email_removal: &'static str,
    pub image_too_large: &'static str,
    pub image_type_unsupported: &'static str,
    pub image_invalid: &'static str,
    pub image_dimensions_too_large: &'static str,
    pub user_locked: &'static str,
    pub user_banned: &'static str,
    pub too_many_requests: &'static str,
    pub not_found: &'static str,
    pub signed_out: &'static str,
    pub session_revoked: &'static str,
    pub session_ended: &'static str,
    pub session_expired: &'static str,
    pub database_unavailable: &'static str,
    pub internal_error: &'static str,
}
