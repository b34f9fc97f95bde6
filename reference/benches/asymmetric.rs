//! AsymmetricSign and AsymmetricVerify per key spec and algorithm through
//! `kms_reference::asymmetric`, against the same operation done directly with the `rsa`,
//! `p256` and `k256` crates in the same run; and key generation, the same way.
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

use std::hint::black_box;
use std::time::Instant;

use kms_reference::asymmetric::KeyPair;
use kms_reference::{AsymmetricAlgorithm as A, KeySpec, SeededRandom};
use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::elliptic_curve::Generate as _;
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use sha2::Sha256;

/// One measured operation: a closure run `iterations` times per sample.
struct Case {
    name: String,
    iterations: u32,
    module: Box<dyn Fn()>,
    direct: Box<dyn Fn()>,
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
            module: Box::new(move || {
                let rng = SeededRandom::new(2);
                black_box(p.sign(alg, black_box(&digest), &rng).unwrap());
            }),
            direct: Box::new(move || {
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
            module: Box::new(move || {
                assert!(
                    p.public_key()
                        .verify(alg, black_box(&digest), black_box(&ours))
                        .unwrap()
                );
            }),
            direct: Box::new(move || {
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
            module: Box::new(move || {
                let rng = SeededRandom::new(2);
                black_box(p.sign(A::EcdsaSha256, black_box(&digest), &rng).unwrap());
            }),
            direct: Box::new(move || {
                let sig: $c::ecdsa::Signature = signing.sign_prehash(black_box(&digest)).unwrap();
                black_box(sig.to_der());
            }),
        };
        let verify = Case {
            name: format!("verify {spec} ECDSA_SHA_256"),
            iterations: 400,
            module: Box::new(move || {
                assert!(
                    pair.public_key()
                        .verify(A::EcdsaSha256, black_box(&digest), black_box(&ours))
                        .unwrap()
                );
            }),
            direct: Box::new(move || {
                let der = $c::ecdsa::DerSignature::from_bytes(black_box(&theirs)).unwrap();
                let sig = $c::ecdsa::Signature::try_from(der).unwrap();
                assert!(verifying.verify_prehash(black_box(&digest), &sig).is_ok());
            }),
        };
        vec![sign, verify]
    }};
}

/// Median of `rounds` interleaved samples of ns per operation, for the module and the direct call.
fn measure(cases: &[Case], rounds: usize) -> Vec<(f64, f64)> {
    let mut samples = vec![(Vec::new(), Vec::new()); cases.len()];
    for _ in 0..rounds {
        for (case, (m, d)) in cases.iter().zip(samples.iter_mut()) {
            for (f, out) in [(&case.module, &mut *m), (&case.direct, &mut *d)] {
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

fn report(title: &str, cases: &[Case], results: &[(f64, f64)]) {
    println!("{title}");
    println!(
        "{:<36} {:>14} {:>14} {:>8}",
        "operation", "module µs/op", "direct µs/op", "ratio"
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
        &cases,
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
            module: Box::new(move || {
                black_box(KeyPair::generate(spec, &SeededRandom::new(next())).unwrap());
            }),
            direct: Box::new(move || {
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
        &gen_cases,
        &results,
    );
}
