//! Users and what they are identified by. Values are validated when they are built, so
//! the rest of the engine only ever holds well-formed ones.

pub mod email;
pub mod fields;
pub mod image;
pub mod images;
pub mod store;
pub mod user;

pub use email::EmailAddress;
pub use fields::{FieldError, Metadata, PersonName, Username};
pub use user::User;
