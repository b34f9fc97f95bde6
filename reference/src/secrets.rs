//! Secrets Manager's model: an account's secrets, their versions and stage labels, the store
//! that holds them on the reference's clock, and the password generator (docs/spec/secrets.md §2).

mod names;
mod password;
mod ram;
mod secret;
mod stages;
mod store;

pub(crate) use names::{
    ACS_CURRENT, ACS_PREVIOUS, check_secret_name, check_stage_name, check_version_id,
};
pub(crate) use password::{PasswordOptions, generate_password};
pub(crate) use ram::{
    AUTO_NAME, RAM_CREDENTIALS, RETIREMENT_WINDOW_SECONDS, RamBinding, access_key_value,
    listed_access_keys, parse_extended_config, ram_secret_name,
};
pub(crate) use secret::{DataType, SealedValue, SecretVersion, StoredSecret, ValueKey, not_found};
pub(crate) use store::SecretStore;
