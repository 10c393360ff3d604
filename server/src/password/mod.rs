//! Passwords are the one secret Hallpass cannot rotate on the user's behalf, so everything
//! about them lives here and nowhere else: what a new password must satisfy
//! ([`PasswordPolicy`]) and how it is stored and checked ([`PasswordHasher`]). Both apply
//! the same Unicode normalization, so a password accepted at sign-up is the exact string
//! that verifies at sign-in. Hashing is deliberately expensive and memory-hungry; keeping
//! it behind one type is what lets the server bound that cost for every caller.

mod hasher;
mod memory;
mod normalize;
mod policy;

pub use hasher::{HashError, PasswordHasher, Verified};
pub use normalize::normalize;
pub use policy::{PasswordPolicy, PasswordRejection};
