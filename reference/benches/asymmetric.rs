//! AsymmetricSign and AsymmetricVerify per key spec and algorithm through
//! `kms_reference::asymmetric` and through the API (`Kms::handle`), each against the same
//! operation done directly with the `rsa`, `p256` and `k256` crates in the same run; and key
//! generation, the same way.
//!
//! Timings on shared machines are noisy, so every case is measured in interleaved rounds and
//! reported as the median time per operation and as the ratio of the module to the direct
//! call. Run with `cargo bench -p kms-reference --bench asymmetric`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a benchmark harness: a failed setup may abort, sample vectors are never empty"
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::rc::Rc;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kms_reference::asymmetric::KeyPair;
use kms_reference::{
    AsymmetricAlgorithm as A, Caller, DETERMINISTIC_START, KeySpec, Kms, ManualClock, Request,
    Response, SeededRandom,
};
use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::elliptic_curve::Generate as _;
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use sha2::Sha256;

/// One measured operation: a closure run `iterations` times per sample. `op` names the
/// signing (`true`) or verifying operation, so that the API level can reuse `direct`.
struct Case {
    name: String,
    iterations: u32,
    op: Option<(bool, KeySpec, A)>,
    module: Box<dyn Fn()>,
    direct: Rc<dyn Fn()>,
}

fn rsa_cases(spec: KeySpec, bits: usize, digest: [u8; 32]) -> Vec<Case> {
    let pair = KeyPair::generate(spec, &SeededRandom::new(1)).unwrap();
    let private = rsa::PrivateKey::new(&mut StdRng::seed_from_u64(1), bits).unwrap();
    let public = private.to_public_key();
    let sign_iter = if bits == 2048 { 60 } else { 20 };
    let mut cases = Vec::new();
    for alg in [A::RsaPssSha256, A::RsaPkcs1Sha256] {
        let pss = alg == A::RsaPssSha256;
        let (p, k) = (pair.clone(), private.clone());
        cases.push(Case {
            name: format!("sign   {spec} {alg}"),
            iterations: sign_iter,
            op: Some((true, spec, alg)),
            module: Box::new(move || {
                let rng = SeededRandom::new(2);
                black_box(p.sign(alg, black_box(&digest), &rng).unwrap());
            }),
            direct: Rc::new(move || {
                let mut rng = StdRng::seed_from_u64(2);
                let sig = if pss {
                    k.pss_sign_prehash_with_rng::<Sha256, _>(&mut rng, black_box(&digest))
                } else {
                    k.pkcs1v15_sign_prehash_with_rng::<Sha256, _>(&mut rng, black_box(&digest))
                };
                black_box(sig.unwrap());
            }),
        });
        let ours = pair.sign(alg, &digest, &SeededRandom::new(3)).unwrap();
        let theirs = if pss {
            private.pss_sign_prehash_with_rng::<Sha256, _>(&mut StdRng::seed_from_u64(3), &digest)
        } else {
            private
                .pkcs1v15_sign_prehash_with_rng::<Sha256, _>(&mut StdRng::seed_from_u64(3), &digest)
        }
        .unwrap();
        let (p, k) = (pair.clone(), public.clone());
        cases.push(Case {
            name: format!("verify {spec} {alg}"),
            iterations: 1500,
            op: Some((false, spec, alg)),
            module: Box::new(move || {
                assert!(
                    p.public_key()
                        .verify(alg, black_box(&digest), black_box(&ours))
                        .unwrap()
                );
            }),
            direct: Rc::new(move || {
                let ok = if pss {
                    k.pss_verify_prehash::<Sha256>(black_box(&digest), black_box(&theirs))
                } else {
                    k.pkcs1v15_verify_prehash::<Sha256>(black_box(&digest), black_box(&theirs))
                };
                assert!(ok.is_ok());
            }),
        });
    }
    cases
}

/// The ECDSA cases of one curve; `$c` is `p256` or `k256`.
macro_rules! ec_cases {
    ($c:ident, $spec:expr, $digest:expr) => {{
        let spec = $spec;
        let digest: [u8; 32] = $digest;
        let pair = KeyPair::generate(spec, &SeededRandom::new(1)).unwrap();
        let signing = $c::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let verifying = *signing.verifying_key();
        let ours = pair
            .sign(A::EcdsaSha256, &digest, &SeededRandom::new(3))
            .unwrap();
        let theirs: $c::ecdsa::Signature = signing.sign_prehash(&digest).unwrap();
        let theirs = theirs.to_der().as_bytes().to_vec();
        let p = pair.clone();
        let sign = Case {
            name: format!("sign   {spec} ECDSA_SHA_256"),
            iterations: 400,
            op: Some((true, spec, A::EcdsaSha256)),
            module: Box::new(move || {
                let rng = SeededRandom::new(2);
                black_box(p.sign(A::EcdsaSha256, black_box(&digest), &rng).unwrap());
            }),
            direct: Rc::new(move || {
                let sig: $c::ecdsa::Signature = signing.sign_prehash(black_box(&digest)).unwrap();
                black_box(sig.to_der());
            }),
        };
        let verify = Case {
            name: format!("verify {spec} ECDSA_SHA_256"),
            iterations: 400,
            op: Some((false, spec, A::EcdsaSha256)),
            module: Box::new(move || {
                assert!(
                    pair.public_key()
                        .verify(A::EcdsaSha256, black_box(&digest), black_box(&ours))
                        .unwrap()
                );
            }),
            direct: Rc::new(move || {
                let der = $c::ecdsa::DerSignature::from_bytes(black_box(&theirs)).unwrap();
                let sig = $c::ecdsa::Signature::try_from(der).unwrap();
                assert!(verifying.verify_prehash(black_box(&digest), &sig).is_ok());
            }),
        };
        vec![sign, verify]
    }};
}

/// A call of `kms` as the account: the typed request through `Kms::handle` (authorization,
/// key lookup and state, Base64, the operation, the audit event), which must succeed.
fn handle(kms: &Kms, request: Request) -> Response {
    kms.handle(&Caller::root(), request).unwrap()
}

/// The API-level cases: for each sign or verify case of the layer, the same operation through
/// `Kms::handle` on a key of the same spec, against the same direct call.
fn api_cases(layer: &[Case], digest: [u8; 32]) -> Vec<Case> {
    let clock = ManualClock::new(DETERMINISTIC_START);
    let kms = Rc::new(Kms::builder().deterministic(4, &clock).build_service());
    let mut keys: BTreeMap<KeySpec, (String, String)> = BTreeMap::new();
    let digest = STANDARD.encode(digest);
    let mut cases = Vec::new();
    for case in layer {
        let Some((sign, spec, alg)) = case.op else {
            continue;
        };
        let (key_id, key_version_id) = keys
            .entry(spec)
            .or_insert_with(|| {
                let params: BTreeMap<String, String> = [
                    ("KeySpec".to_owned(), spec.as_str().to_owned()),
                    ("KeyUsage".to_owned(), "SIGN/VERIFY".to_owned()),
                ]
                .into();
                let created = kms.handle_params(&Caller::root(), "CreateKey", &params);
                let key = created.result.unwrap()["KeyMetadata"]["KeyId"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let listed = kms.handle_params(
                    &Caller::root(),
                    "ListKeyVersions",
                    &[("KeyId".to_owned(), key.clone())].into(),
                );
                let version =
                    listed.result.unwrap()["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                (key, version)
            })
            .clone();
        let sign_request = Request::AsymmetricSign {
            key_id: key_id.clone(),
            key_version_id: key_version_id.clone(),
            algorithm: alg,
            digest: digest.clone(),
        };
        let kms_here = Rc::clone(&kms);
        let module: Box<dyn Fn()> = if sign {
            Box::new(move || {
                black_box(handle(&kms_here, black_box(sign_request.clone())));
            })
        } else {
            let value = match handle(&kms, sign_request) {
                Response::Signed { value, .. } => value,
                _ => String::new(),
            };
            let verify = Request::AsymmetricVerify {
                key_id,
                key_version_id,
                algorithm: alg,
                digest: digest.clone(),
                value,
            };
            Box::new(move || {
                let answer = handle(&kms_here, black_box(verify.clone()));
                assert!(matches!(answer, Response::Verified { value: true, .. }));
            })
        };
        cases.push(Case {
            name: case.name.clone(),
            iterations: case.iterations,
            op: case.op,
            module,
            direct: Rc::clone(&case.direct),
        });
    }
    cases
}

/// Median of `rounds` interleaved samples of ns per operation, for the module and the direct call.
fn measure(cases: &[Case], rounds: usize) -> Vec<(f64, f64)> {
    let mut samples = vec![(Vec::new(), Vec::new()); cases.len()];
    for _ in 0..rounds {
        for (case, (m, d)) in cases.iter().zip(samples.iter_mut()) {
            let (module, direct): (&dyn Fn(), &dyn Fn()) = (&*case.module, &*case.direct);
            for (f, out) in [(module, &mut *m), (direct, &mut *d)] {
                let start = Instant::now();
                for _ in 0..case.iterations {
                    f();
                }
                out.push(start.elapsed().as_nanos() as f64 / f64::from(case.iterations));
            }
        }
    }
    samples
        .into_iter()
        .map(|(mut m, mut d)| (median(&mut m), median(&mut d)))
        .collect()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(title: &str, subject: &str, cases: &[Case], results: &[(f64, f64)]) {
    println!("{title}");
    println!(
        "{:<36} {:>14} {:>14} {:>8}",
        "operation",
        format!("{subject} µs/op"),
        "direct µs/op",
        "ratio"
    );
    for (case, (m, d)) in cases.iter().zip(results) {
        println!(
            "{:<36} {:>14.1} {:>14.1} {:>8.2}",
            case.name,
            m / 1000.0,
            d / 1000.0,
            m / d
        );
    }
}

fn main() {
    let digest: [u8; 32] = <Sha256 as sha2::Digest>::digest(b"this is message").into();
    let mut cases = rsa_cases(KeySpec::Rsa2048, 2048, digest);
    cases.extend(rsa_cases(KeySpec::Rsa3072, 3072, digest));
    cases.extend(ec_cases!(p256, KeySpec::EcP256, digest));
    cases.extend(ec_cases!(k256, KeySpec::EcP256K, digest));
    let rounds = 11;
    let results = measure(&cases, rounds);
    report(
        &format!("asymmetric sign/verify: median per operation ({rounds} interleaved rounds)"),
        "module",
        &cases,
        &results,
    );

    // The same operations through the API: what Kms::handle adds to the crates' arithmetic.
    let api = api_cases(&cases, digest);
    let results = measure(&api, rounds);
    println!();
    report(
        &format!(
            "AsymmetricSign/AsymmetricVerify through Kms::handle: median per operation \
             ({rounds} interleaved rounds)"
        ),
        "API",
        &api,
        &results,
    );

    // Key generation: fresh seeds every sample, so the prime search varies; few samples.
    let keygen = |spec: KeySpec, bits: usize| {
        let seed = std::cell::Cell::new(0u64);
        let next = move || {
            seed.set(seed.get() + 1);
            seed.get()
        };
        let next2 = next.clone();
        Case {
            name: format!("generate {spec}"),
            iterations: 1,
            op: None,
            module: Box::new(move || {
                black_box(KeyPair::generate(spec, &SeededRandom::new(next())).unwrap());
            }),
            direct: Rc::new(move || {
                if bits > 0 {
                    let mut rng = StdRng::seed_from_u64(next2());
                    black_box(rsa::PrivateKey::new(&mut rng, bits).unwrap());
                } else {
                    let mut rng = StdRng::seed_from_u64(next2());
                    black_box(p256::ecdsa::SigningKey::generate_from_rng(&mut rng));
                }
            }),
        }
    };
    let gen_cases = vec![
        keygen(KeySpec::Rsa2048, 2048),
        keygen(KeySpec::Rsa3072, 3072),
        keygen(KeySpec::EcP256, 0),
    ];
    let gen_rounds = 9;
    let results = measure(&gen_cases, gen_rounds);
    println!();
    report(
        &format!("key generation: median of {gen_rounds} keys (different seeds per key)"),
        "module",
        &gen_cases,
        &results,
    );
}
