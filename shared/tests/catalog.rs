//! Every catalog message is used somewhere in the code: a key nobody renders is dead text that
//! translators would keep paying for. (A key missing in one language can't compile: each entry
//! of the catalog holds both.)
#![cfg(not(target_arch = "wasm32"))]

use shared::i18n::Msg;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_message_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for crate_dir in ["shared/src", "app/src", "server/src"] {
        rust_files(&root.join(crate_dir), &mut files);
    }
    let source: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let unused: Vec<&str> = Msg::ALL
        .iter()
        .map(|m| m.name())
        .filter(|name| {
            let needle = format!("Msg::{name}");
            !source.match_indices(&needle).any(|(i, _)| {
                // `Msg::Next` must not count as a use of `Msg::NextPage`'s prefix.
                !source[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .collect();
    assert!(unused.is_empty(), "unused catalog messages: {unused:?}");
    assert!(Msg::ALL.len() > 100);
}
