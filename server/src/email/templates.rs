//! Every email as HTML and plain text, in the caller's language, with the instance's name
//! and colour. The words come from `hallpass::locale`'s email tables.

use hallpass::locale::{Locale, fill};
use html_escape::encode_text as escape;

use super::Branding;

/// What an email says; each variant is one kind of email.
pub enum Template<'a> {
    VerifyEmail { code: &'a str },
    SignInCode { code: &'a str },
    ResetPassword { code: &'a str },
    MagicLink { url: &'a str },
    PasswordChanged,
    AccountClaimed,
    EmailChanged { new_address: &'a str },
    SignUpAttempted,
}

/// The kinds of email that carry a one-time code or link, useless once it expires.
pub const ONE_TIME_KINDS: [&str; 4] = [
    "verification_code",
    "sign_in_code",
    "reset_password_code",
    "magic_link",
];

#[derive(Debug, Clone)]
pub struct Rendered {
    pub kind: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Template<'_> {
    pub fn render(&self, locale: Locale, branding: &Branding) -> Rendered {
        let words = locale.email_strings();
        let instance = branding.instance_name.as_str();
        let with = |template: &str, extra: &[(&str, &str)]| {
            let mut values = vec![("instance", instance)];
            values.extend_from_slice(extra);
            fill(template, &values)
        };
        let sign_in_url = format!("{}/sign-in", branding.public_origin);
        let (kind, subject, lead, highlight, closing) = match self {
            Template::VerifyEmail { code }
            | Template::SignInCode { code }
            | Template::ResetPassword { code } => {
                let (kind, strings) = match self {
                    Template::VerifyEmail { .. } => ("verification_code", &words.verify_email),
                    Template::SignInCode { .. } => ("sign_in_code", &words.sign_in_code),
                    _ => ("reset_password_code", &words.reset_password),
                };
                (
                    kind,
                    with(strings.subject, &[("code", code)]),
                    with(strings.intro, &[]),
                    Highlight::Code(code),
                    words.code_footer.to_owned(),
                )
            }
            Template::MagicLink { url } => (
                "magic_link",
                with(words.magic_link.subject, &[]),
                with(words.magic_link.intro, &[]),
                Highlight::Link {
                    url,
                    label: words.magic_link.button,
                },
                words.magic_link.footer.to_owned(),
            ),
            Template::PasswordChanged => (
                "password_changed",
                with(words.password_changed.subject, &[]),
                with(words.password_changed.body, &[]),
                Highlight::None,
                String::new(),
            ),
            Template::AccountClaimed => (
                "account_claimed",
                with(words.account_claimed.subject, &[]),
                with(words.account_claimed.body, &[]),
                Highlight::None,
                String::new(),
            ),
            Template::SignUpAttempted => (
                "sign_up_attempted",
                with(words.sign_up_attempted.subject, &[]),
                with(words.sign_up_attempted.intro, &[]),
                Highlight::Link {
                    url: &sign_in_url,
                    label: words.sign_up_attempted.button,
                },
                words.sign_up_attempted.footer.to_owned(),
            ),
            Template::EmailChanged { new_address } => (
                "email_changed",
                with(words.email_changed.subject, &[]),
                with(words.email_changed.body, &[("address", new_address)]),
                Highlight::None,
                String::new(),
            ),
        };
        let signature = with(words.signature, &[]);
        Rendered {
            kind,
            text: text(&lead, &highlight, &closing, &signature),
            html: html(branding, &subject, &lead, &highlight, &closing, &signature),
            subject,
        }
    }
}

enum Highlight<'a> {
    Code(&'a str),
    Link { url: &'a str, label: &'a str },
    None,
}

fn text(lead: &str, highlight: &Highlight, closing: &str, signature: &str) -> String {
    let middle = match highlight {
        Highlight::Code(code) => format!("\n\n    {code}\n"),
        Highlight::Link { url, .. } => format!("\n\n{url}\n"),
        Highlight::None => String::new(),
    };
    let closing = match closing.is_empty() {
        true => String::new(),
        false => format!("\n{closing}\n"),
    };
    format!("{lead}{middle}{closing}\n-- \n{signature}\n")
}

/// Inline styles only: mail clients drop `<style>` blocks and external sheets.
fn html(
    branding: &Branding,
    subject: &str,
    lead: &str,
    highlight: &Highlight,
    closing: &str,
    signature: &str,
) -> String {
    let color = &branding.brand_color;
    let middle = match highlight {
        Highlight::Code(code) => format!(
            r#"<p style="font-size:32px;font-weight:700;letter-spacing:8px;margin:24px 0;color:{color}">{}</p>"#,
            escape(code)
        ),
        Highlight::Link { url, label } => format!(
            r#"<p style="margin:24px 0"><a href="{}" style="background:{color};color:#ffffff;padding:12px 24px;border-radius:6px;text-decoration:none;font-weight:600">{}</a></p><p style="font-size:12px;color:#6b7280;word-break:break-all">{}</p>"#,
            html_escape::encode_double_quoted_attribute(url),
            escape(label),
            escape(url)
        ),
        Highlight::None => String::new(),
    };
    let closing = match closing.is_empty() {
        true => String::new(),
        false => format!(
            r#"<p style="color:#6b7280;font-size:14px">{}</p>"#,
            escape(closing)
        ),
    };
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body style="margin:0;padding:24px;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827"><div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;border-top:4px solid {color};padding:32px">{logo}<p style="font-size:18px;font-weight:700;margin:0 0 16px;color:{color}">{instance}</p><p style="font-size:16px;line-height:24px">{lead}</p>{middle}{closing}<p style="color:#6b7280;font-size:14px;margin-top:32px">{signature}</p></div></body></html>"#,
        title = escape(subject),
        logo = branding
            .logo_url
            .as_deref()
            .map(|url| format!(
                r#"<img src="{}" alt="" height="40" style="display:block;height:40px;margin:0 0 12px">"#,
                html_escape::encode_double_quoted_attribute(url)
            ))
            .unwrap_or_default(),
        instance = escape(&branding.instance_name),
        lead = escape(lead),
        signature = escape(signature),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branding() -> Branding {
        Branding {
            instance_name: "Acme <Auth>".into(),
            brand_color: "#ff0066".into(),
            logo_url: Some("https://acme.example/logo.png?v=\"2\"".into()),
            public_origin: "https://auth.acme.example".into(),
        }
    }

    #[test]
    fn a_code_email_carries_the_code_the_name_and_the_colour() {
        let email = Template::SignInCode { code: "123456" }.render(Locale::En, &branding());
        assert_eq!(email.subject, "123456 is your Acme <Auth> sign-in code");
        assert!(email.text.contains("123456"));
        assert!(email.html.contains("123456"));
        assert!(email.html.contains("#ff0066"));
        assert!(
            email.html.contains("Acme &lt;Auth&gt;"),
            "the name is escaped"
        );
        assert!(
            email
                .html
                .contains(r#"src="https://acme.example/logo.png?v=&quot;2&quot;""#),
            "the logo: {}",
            email.html
        );
    }

    #[test]
    fn emails_speak_the_callers_language() {
        let email = Template::PasswordChanged.render(Locale::Fr, &branding());
        assert!(
            email.subject.starts_with("Le mot de passe"),
            "{}",
            email.subject
        );
    }

    #[test]
    fn link_emails_carry_the_link_in_both_parts() {
        let url = "https://auth.acme.example/v1/verify?token=abc&redirect_url=%2F";
        let email = Template::MagicLink { url }.render(Locale::En, &branding());
        assert!(email.text.contains(url));
        assert!(email.html.contains("token=abc&amp;redirect_url"));
    }
}
