//! `kmsconf serve --seed`: a seed makes its fixtures with fixed ids and material (a ciphertext
//! made on one seeded reference decrypts on another), its users' AccessKeys authenticate,
//! applying it twice changes nothing, and a bad item stops the start, named.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use kms_conformance::seed::{SeedFile, SeedReport};
use kms_reference::{Caller, Kms, Principal};
use serde_json::Value;

#[path = "support/serve.rs"]
mod serve;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed.toml");
const KEY: &str = "0b9f5f3e-1111-4c2a-9d3e-000000000001";

fn seeded() -> (Kms, SeedReport) {
    let kms = Kms::builder().build_service();
    let report = SeedFile::load(Path::new(FIXTURE))
        .unwrap()
        .apply(&kms)
        .unwrap();
    (kms, report)
}

fn call(kms: &Kms, action: &str, params: &[(&str, &str)]) -> serde_json::Map<String, Value> {
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    kms.handle_params(&Caller::root(), action, &params)
        .result
        .unwrap_or_else(|e| panic!("{action}: {e}"))
}

#[test]
fn a_seed_makes_every_item_with_its_fixed_ids() {
    let (kms, report) = seeded();
    // 1 policy, 1 user + 1 attachment + 1 AccessKey, 1 role + 1 attachment, 2 keys + 1 alias,
    // 1 secret.
    assert_eq!(
        report,
        SeedReport {
            created: 10,
            present: 0
        }
    );
    let key = call(&kms, "DescribeKey", &[("KeyId", "alias/app")]);
    let meta = &key["KeyMetadata"];
    assert_eq!(meta["KeyId"], KEY);
    assert_eq!(meta["Description"], "fixture key");
    assert_eq!(
        meta["PrimaryKeyVersion"],
        kms_reference::derived_version_id(KEY)
    );
    let tags = call(&kms, "ListResourceTags", &[("KeyId", KEY)]);
    assert_eq!(tags["Tags"]["Tag"][0]["TagKey"], "env", "{tags:?}");
    let rsa = call(
        &kms,
        "DescribeKey",
        &[("KeyId", "0b9f5f3e-1111-4c2a-9d3e-000000000002")],
    );
    assert_eq!(rsa["KeyMetadata"]["KeySpec"], "RSA_2048");
    let secret = call(&kms, "GetSecretValue", &[("SecretName", "db-password")]);
    assert_eq!(secret["SecretData"], "s3cr3t");
    let credential = kms.credential("LTAIseedapp0000000000000").unwrap();
    assert_eq!(credential.secret.expose(), "seed-app-secret");
    assert!(matches!(credential.principal, Principal::User { ref name, .. } if name == "app"));
}

#[test]
fn fixed_material_makes_ciphertexts_portable_between_seeded_references() {
    let (a, _) = seeded();
    let (b, _) = seeded();
    let plaintext = "Zml4dHVyZQ==";
    let blob = call(
        &a,
        "Encrypt",
        &[("KeyId", "alias/app"), ("Plaintext", plaintext)],
    );
    let blob = blob["CiphertextBlob"].as_str().unwrap().to_owned();
    let back = call(&b, "Decrypt", &[("CiphertextBlob", &blob)]);
    assert_eq!(back["Plaintext"], plaintext);
    assert_eq!(back["KeyId"], KEY);
}

#[test]
fn applying_a_seed_again_changes_nothing() {
    let (kms, _) = seeded();
    let again = SeedFile::load(Path::new(FIXTURE))
        .unwrap()
        .apply(&kms)
        .unwrap();
    assert_eq!(
        again,
        SeedReport {
            created: 0,
            present: 10
        }
    );
    let keys = call(&kms, "ListKeys", &[]);
    assert_eq!(keys["TotalCount"], 2, "{keys:?}");
}

#[test]
fn a_bad_item_is_refused_with_its_name_and_the_reference_code() {
    let kms = Kms::builder().build_service();
    let seed: SeedFile = toml::from_str(
        "[[key]]\nid = \"not-a-uuid\"\n\n[[key]]\nid = \"0b9f5f3e-1111-4c2a-9d3e-000000000003\"\n",
    )
    .unwrap();
    let e = seed.apply(&kms).unwrap_err().to_string();
    assert!(
        e.contains("key not-a-uuid") && e.contains("InvalidParameter"),
        "{e}"
    );
    let short: SeedFile = toml::from_str(&format!(
        "[[key]]\nid = \"{KEY}\"\nmaterial_base64 = \"AAEC\"\n"
    ))
    .unwrap();
    let e = short.apply(&kms).unwrap_err().to_string();
    assert!(e.contains("Material") && !e.contains("AAEC"), "{e}");
    let unknown = toml::from_str::<SeedFile>("[[key]]\nid = \"x\"\ncolour = \"red\"\n");
    assert!(unknown.is_err(), "unknown fields are refused");
}

#[test]
fn serve_applies_the_seed_at_start_or_refuses_to_start() {
    let (_server, _url) = serve::start_server(&["--seed", FIXTURE], ("AK", "SK")).unwrap();
    let bad = std::env::temp_dir().join(format!("kmsconf-bad-seed-{}.toml", std::process::id()));
    std::fs::write(&bad, "[[secret]]\nname = \"s\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--listen", "127.0.0.1:0", "--seed"])
        .arg(&bad)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&bad);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot apply the seed: seed secret s"),
        "{stderr}"
    );
}
