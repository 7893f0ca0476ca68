//! Integration tests: the real Kolada v3 files in /work/shared/kolada, generated large
//! and broken files, and the client against a local HTTP server. Nothing touches the
//! internet. One binary, so the crate links once.

#[path = "kolada/common.rs"]
mod common;

#[path = "kolada/catalogue.rs"]
mod catalogue;
#[path = "kolada/client.rs"]
mod client;
#[path = "kolada/data.rs"]
mod data;
#[path = "kolada/search.rs"]
mod search;
