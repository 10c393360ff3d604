//! The claims a Hallpass session JWT carries. The minting side serialises this same
//! struct, so the two ends cannot drift apart.

use serde::{Deserialize, Serialize};

/// Every field the security baseline requires is non-optional: deserialisation fails
/// when one is missing, which matters for `iat` and `sid` in particular because
/// jsonwebtoken's required-claims check does not cover them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// The user id.
    pub sub: String,
    /// The session id, so a backend can tie a request to a session that may be revoked.
    pub sid: String,
    pub iss: String,
    /// The origin the token was minted for; checked against the verifier's
    /// authorized parties so a token leaked from one app does not open another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
}
