//! Builds the feature files into the binary: writes `$OUT_DIR/embedded_features.rs`, a table of
//! every `.feature` file under `features/` (path relative to it, contents by `include_str!`), so
//! an installed `kmsconf` runs the suite from any directory (src/embedded.rs).

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let features = root.join("features");
    // A new file anywhere below changes a directory's mtime, which this line watches too.
    println!("cargo:rerun-if-changed=features");
    let mut files = Vec::new();
    collect(&features, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&features)
            .expect("collected below features/")
            .to_str()
            .expect("feature paths are UTF-8")
            .replace('\\', "/");
        table.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    table.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("embedded_features.rs"), table).expect("OUT_DIR is writable");
}

/// Every `.feature` file under `dir`, and every directory (so that a new file reruns this).
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
}
