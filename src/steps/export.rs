//! The client side of data-key export (docs/spec/keys-v2.md §4.2, §4.3): a key pair of the
//! caller's own, whose public half goes out as `PublicKeyBlob`, and the private half that
//! alone opens an `ExportedDataKey`. Made with the reference's asymmetric layer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cucumber::{given, then};
use kms_reference::asymmetric::KeyPair;
use kms_reference::{AsymmetricAlgorithm, KeySpec, OsRandom};

use crate::world::KmsWorld;

/// Makes the key pair `name` of `spec` and captures `${name.blob}` (Base64 DER SPKI, the
/// documented `PublicKeyBlob`) and `${name.pem}` (the same key PEM-armoured).
pub(crate) fn make_key_pair(w: &mut KmsWorld, name: &str, spec: &str) {
    let spec = KeySpec::parse(spec).unwrap_or_else(|| panic!("`{spec}` is not a KeySpec"));
    let pair = KeyPair::generate(spec, &OsRandom)
        .unwrap_or_else(|e| panic!("no {spec} key pair can be made here: {e}"));
    let public = pair.public_key();
    let der = public
        .to_spki_der()
        .unwrap_or_else(|e| panic!("the public key does not encode: {e}"));
    let pem = public
        .to_pem()
        .unwrap_or_else(|e| panic!("the public key does not encode: {e}"));
    w.vars.insert(format!("{name}.blob"), STANDARD.encode(der));
    w.vars.insert(format!("{name}.pem"), pem);
    w.key_pairs.insert(name.to_owned(), pair);
}

#[given(expr = "a client key pair {word}")]
async fn a_client_key_pair(w: &mut KmsWorld, name: String) {
    make_key_pair(w, &name, "RSA_2048");
}

#[given(expr = "a client key pair {word} of {word}")]
async fn a_client_key_pair_of(w: &mut KmsWorld, name: String, spec: String) {
    make_key_pair(w, &name, &spec);
}

/// What the private key of `pair` makes of the Base64 `exported` under `algorithm`.
fn open(w: &KmsWorld, exported: &str, pair: &str, algorithm: &str) -> Result<Vec<u8>, String> {
    let pair = w
        .key_pairs
        .get(pair)
        .unwrap_or_else(|| panic!("no client key pair named `{pair}` in this scenario"));
    let algorithm = AsymmetricAlgorithm::parse(algorithm)
        .unwrap_or_else(|| panic!("`{algorithm}` is not an asymmetric algorithm"));
    let wrapped = STANDARD
        .decode(exported.as_bytes())
        .map_err(|e| format!("not Base64: {e}"))?;
    pair.decrypt(algorithm, &wrapped, &OsRandom)
        .map_err(|e| e.to_string())
}

/// The exported key opens with the private key of `pair` to the raw bytes whose Base64 is
/// `data_key` (a data key as GenerateDataKey or Decrypt answer it).
#[then(expr = "the exported key {string} opens with {word} under {word} to {string}")]
async fn exported_key_opens(
    w: &mut KmsWorld,
    exported: String,
    pair: String,
    algorithm: String,
    data_key: String,
) {
    let (exported, data_key) = (w.interp(&exported), w.interp(&data_key));
    match open(w, &exported, &pair, &algorithm) {
        Ok(raw) if STANDARD.encode(&raw) == data_key => {}
        Ok(_) => w.fail(&format!(
            "the exported key to open with `{pair}` to the data key given"
        )),
        Err(e) => w.fail(&format!(
            "the exported key to open with `{pair}` under {algorithm} (it did not: {e})"
        )),
    }
}

#[then(expr = "the exported key {string} does not open with {word} under {word}")]
async fn exported_key_does_not_open(
    w: &mut KmsWorld,
    exported: String,
    pair: String,
    algorithm: String,
) {
    let exported = w.interp(&exported);
    if open(w, &exported, &pair, &algorithm).is_ok() {
        w.fail(&format!(
            "the exported key not to open with `{pair}` under {algorithm}"
        ));
    }
}
