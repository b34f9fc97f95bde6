//! Step definitions: readable domain steps (`Given a key k1 in state Disabled`) and generic
//! ones (`When I call Encrypt with:` a parameter table; `Then the response field ... is ...`),
//! so a new behaviour rarely needs new Rust.

mod assertions;
mod authz;
mod calls;
mod ciphertext;
mod export;
mod import;
mod params;
mod ram_secrets;
mod roles;
mod setup;
mod trail;
mod wire;

pub(crate) use roles::trusting as trust_policy;

use std::collections::BTreeMap;

use cucumber::gherkin::Step;

use crate::world::KmsWorld;

/// The step's two-column parameter table (`| name | value |`), values substituted; empty
/// when the step has no table. Every step that reads a parameter table reads it here.
pub(crate) fn table_params(w: &KmsWorld, step: &Step) -> BTreeMap<String, String> {
    step.table
        .iter()
        .flat_map(|t| t.rows.iter())
        .map(|row| match row.as_slice() {
            [name, value] => (name.clone(), w.interp(value)),
            _ => panic!("a parameter table has two columns: name | value; got {row:?}"),
        })
        .collect()
}
