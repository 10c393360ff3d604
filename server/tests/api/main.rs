//! Integration tests: each test starts the real application on a random port with a
//! database of its own, on SQLite and on PostgreSQL.

mod helpers;
mod smtp;

mod bad_input;
mod binary;
mod connections;
mod database_busy;
mod email;
mod email_delivery;
mod health;
mod hosted_pages;
mod http_layers;
mod journal;
mod keys;
mod link_page;
mod maintenance;
mod page_policy;
mod races;
mod refresh;
mod security;
mod server_functions;
mod sessions;
mod sign_in;
mod sign_up;
mod site;
mod strict_sign_up;
mod takeover;
mod user_profile;
