//! The words of the emails the server sends, per language. Server-side only: the
//! components never show them, so they stay out of the WASM bundle. Like [`super::Strings`],
//! one field per string, so a language missing one does not compile.

use super::Locale;

#[derive(Debug)]
pub struct EmailStrings {
    /// `{instance}`: the instance's name. Every email ends with it.
    pub signature: &'static str,
    /// Under every code: how long it lasts and what to do if it was not you.
    pub code_footer: &'static str,
    pub verify_email: CodeEmail,
    pub sign_in_code: CodeEmail,
    pub reset_password: CodeEmail,
    pub magic_link: LinkEmail,
    pub password_changed: NoticeEmail,
    pub email_changed: NoticeEmail,
    /// After the first proof of an address whose account someone else had created.
    pub account_claimed: NoticeEmail,
    /// To the owner of an address someone tried to sign up with; its button signs in.
    pub sign_up_attempted: LinkEmail,
    pub link_page: LinkPage,
}

/// The page a magic link opens, which asks to confirm before signing in.
#[derive(Debug)]
pub struct LinkPage {
    /// `{instance}`.
    pub title: &'static str,
    pub confirm: &'static str,
    /// Above the account the link signs into, which the page shows in large type.
    pub signing_in_as: &'static str,
    /// Under it: someone else's link signs the visitor in to someone else's account.
    pub not_you: &'static str,
    pub button: &'static str,
    pub failed: &'static str,
    /// With `email_link_same_browser`, opened in another browser.
    pub other_browser: &'static str,
}

/// An email carrying a 6-digit code.
#[derive(Debug)]
pub struct CodeEmail {
    /// `{code}`, `{instance}`.
    pub subject: &'static str,
    /// `{instance}`.
    pub intro: &'static str,
}

#[derive(Debug)]
pub struct LinkEmail {
    /// `{instance}`.
    pub subject: &'static str,
    /// `{instance}`.
    pub intro: &'static str,
    pub button: &'static str,
    pub footer: &'static str,
}

/// An email that tells of a change to the account.
#[derive(Debug)]
pub struct NoticeEmail {
    /// `{instance}`.
    pub subject: &'static str,
    /// `{instance}`; `{address}` for the new address of an email change.
    pub body: &'static str,
}

pub static EN_EMAIL: EmailStrings = EmailStrings {
    signature: "The {instance} team",
    code_footer: "This code expires in 10 minutes. If you did not ask for it, you can ignore this email.",
    verify_email: CodeEmail {
        subject: "{code} is your {instance} verification code",
        intro: "Enter this code to verify your email address for {instance}:",
    },
    sign_in_code: CodeEmail {
        subject: "{code} is your {instance} sign-in code",
        intro: "Enter this code to sign in to {instance}:",
    },
    reset_password: CodeEmail {
        subject: "{code} is your {instance} password reset code",
        intro: "Enter this code to choose a new password for {instance}:",
    },
    magic_link: LinkEmail {
        subject: "Your {instance} sign-in link",
        intro: "Use this link to sign in to {instance}. It works once, for 10 minutes.",
        button: "Sign in",
        footer: "If you did not ask to sign in, you can ignore this email.",
    },
    password_changed: NoticeEmail {
        subject: "Your {instance} password was changed",
        body: "The password of your {instance} account was just changed. If this was not you, reset your password now and contact us.",
    },
    email_changed: NoticeEmail {
        subject: "Your {instance} email address was changed",
        body: "The email address of your {instance} account is now {address}. If this was not you, contact us now.",
    },
    account_claimed: NoticeEmail {
        subject: "Your {instance} account is yours alone now",
        body: "You just proved that this address is yours. The {instance} account with this address was created before anyone had proved it, so to be safe every other device was signed out and the password set before your proof was removed. If you want a password, set one in your account settings.",
    },
    sign_up_attempted: LinkEmail {
        subject: "Someone tried to sign up to {instance} with your email address",
        intro: "Someone just tried to create a {instance} account with this email address, which already has one. If it was you, sign in instead, or choose \u{201c}Forgot password?\u{201d} there.",
        button: "Sign in",
        footer: "If it was not you, you can ignore this email: no account was created and nothing about yours changed.",
    },
    link_page: LinkPage {
        title: "Sign in to {instance}",
        confirm: "Confirm that you want to sign in on this device.",
        signing_in_as: "You are signing in as",
        not_you: "Not your account? Do not sign in: close this page. Whoever sent you this link would see everything you do in their account.",
        button: "Sign in",
        failed: "This link has expired or was already used. Ask for a new one.",
        other_browser: "Open this link in the browser where you asked for it.",
    },
};

pub static FR_EMAIL: EmailStrings = EmailStrings {
    signature: "L\u{2019}équipe {instance}",
    code_footer: "Ce code expire dans 10\u{a0}minutes. Si vous ne l\u{2019}avez pas demandé, ignorez cet e-mail.",
    verify_email: CodeEmail {
        subject: "{code} est votre code de vérification {instance}",
        intro: "Saisissez ce code pour vérifier votre adresse e-mail sur {instance}\u{a0}:",
    },
    sign_in_code: CodeEmail {
        subject: "{code} est votre code de connexion {instance}",
        intro: "Saisissez ce code pour vous connecter à {instance}\u{a0}:",
    },
    reset_password: CodeEmail {
        subject: "{code} est votre code de réinitialisation {instance}",
        intro: "Saisissez ce code pour choisir un nouveau mot de passe sur {instance}\u{a0}:",
    },
    magic_link: LinkEmail {
        subject: "Votre lien de connexion {instance}",
        intro: "Utilisez ce lien pour vous connecter à {instance}. Il fonctionne une fois, pendant 10\u{a0}minutes.",
        button: "Se connecter",
        footer: "Si vous n\u{2019}avez pas demandé à vous connecter, ignorez cet e-mail.",
    },
    password_changed: NoticeEmail {
        subject: "Le mot de passe de votre compte {instance} a été modifié",
        body: "Le mot de passe de votre compte {instance} vient d\u{2019}être modifié. Si ce n\u{2019}était pas vous, réinitialisez-le tout de suite et contactez-nous.",
    },
    email_changed: NoticeEmail {
        subject: "L\u{2019}adresse e-mail de votre compte {instance} a été modifiée",
        body: "L\u{2019}adresse e-mail de votre compte {instance} est désormais {address}. Si ce n\u{2019}était pas vous, contactez-nous tout de suite.",
    },
    account_claimed: NoticeEmail {
        subject: "Votre compte {instance} n\u{2019}est plus qu\u{2019}à vous",
        body: "Vous venez de prouver que cette adresse est la vôtre. Le compte {instance} à cette adresse avait été créé avant que quiconque l\u{2019}ait prouvée\u{a0}: par précaution, tous les autres appareils ont été déconnectés et le mot de passe défini avant votre preuve a été supprimé. Pour en avoir un, définissez-le dans les paramètres de votre compte.",
    },
    sign_up_attempted: LinkEmail {
        subject: "Quelqu\u{2019}un a tenté de s\u{2019}inscrire sur {instance} avec votre adresse e-mail",
        intro: "Quelqu\u{2019}un vient d\u{2019}essayer de créer un compte {instance} avec cette adresse e-mail, qui en a déjà un. Si c\u{2019}était vous, connectez-vous plutôt, ou choisissez «\u{a0}Mot de passe oublié\u{a0}?\u{a0}» sur la page de connexion.",
        button: "Se connecter",
        footer: "Si ce n\u{2019}était pas vous, ignorez cet e-mail\u{a0}: aucun compte n\u{2019}a été créé et rien n\u{2019}a changé sur le vôtre.",
    },
    link_page: LinkPage {
        title: "Connexion à {instance}",
        confirm: "Confirmez que vous voulez vous connecter sur cet appareil.",
        signing_in_as: "Vous vous connectez en tant que",
        not_you: "Ce n\u{2019}est pas votre compte\u{a0}? Ne vous connectez pas\u{a0}: fermez cette page. Qui vous a envoyé ce lien verrait tout ce que vous faites dans son compte.",
        button: "Se connecter",
        failed: "Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.",
        other_browser: "Ouvrez ce lien dans le navigateur où vous l\u{2019}avez demandé.",
    },
};

impl Locale {
    pub fn email_strings(self) -> &'static EmailStrings {
        match self {
            Locale::En => &EN_EMAIL,
            Locale::Fr => &FR_EMAIL,
        }
    }
}
