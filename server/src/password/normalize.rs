//! One normalization shared by the policy and the hasher, so the characters a password
//! is judged on are the characters that get stored and later verified.

use unicode_normalization::UnicodeNormalization;

/// NFKC, as NIST SP 800-63B asks: the same password typed on another keyboard, OS or
/// password manager may arrive as different code points ("ﬁ" vs "fi", precomposed vs
/// combining accents) and must still verify.
pub fn normalize(password: &str) -> String {
    password.nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_and_canonical_forms_converge() {
        assert_eq!(normalize("ﬁne"), "fine");
        assert_eq!(normalize("e\u{301}"), "é");
        assert_eq!(normalize("Ｐａｓｓ"), "Pass");
    }
}
