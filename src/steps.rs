//! Step definitions: readable domain steps (`Given a key k1 in state Disabled`) and generic
//! ones (`When I call Encrypt with:` a parameter table; `Then the response field ... is ...`),
//! so a new behaviour rarely needs new Rust.

mod assertions;
mod authz;
mod calls;
mod extra_crypto;
mod extra_lifecycle;
mod extra_trail;
mod import;
mod setup;
mod trail;
mod wire;
