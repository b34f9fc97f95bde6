#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: the base-builder-rust image provides a nightly cargo-fuzz
# and the sanitizer flags; every target of fuzz/ is built and copied to $OUT with its
# committed seeds (as <target>_seed_corpus.zip) and its dictionary (<target>.dict).
cd "$SRC/kms-conformance/fuzz"
cargo fuzz build -O
release="target/x86_64-unknown-linux-gnu/release"
for target in $(cargo fuzz list); do
    cp "$release/$target" "$OUT/"
    if compgen -G "corpus/$target/seed-*" >/dev/null; then
        zip -q -j "$OUT/${target}_seed_corpus.zip" corpus/"$target"/seed-*
    fi
    case "$target" in
        policy_*) cp policy.dict "$OUT/$target.dict" ;;
        rpc_request) cp rpc.dict "$OUT/$target.dict" ;;
    esac
done
