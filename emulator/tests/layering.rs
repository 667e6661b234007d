//! The emulator's modules depend on each other one way only: no module reaches, through
//! `crate::` paths, a module that reaches it back (issue 13: `api`↔`gate`↔`server`,
//! `app`↔`limits` and `ledger`↔`state` used to run in circles).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of `src/` and the modules its code names as `crate::NAME` (tests excluded).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || name == "lib" || name == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut uses = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + 7..];
            let m: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            // `//!`/`///` links name modules too; count only code lines.
            let line_start = code[..i].rfind('\n').map_or(0, |n| n + 1);
            let line = code[line_start..i].trim_start();
            if !m.is_empty() && m != name && !line.starts_with("//") {
                uses.insert(m);
            }
        }
        g.insert(name, uses);
    }
    g
}

fn reaches(g: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(m) = stack.pop() {
        for next in g.get(&m).into_iter().flatten() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    false
}

#[test]
fn module_imports_have_no_cycle() {
    let g = graph();
    assert!(g.len() > 10, "{g:?}");
    assert!(
        g["gate"].contains("app"),
        "the scan sees imports: {:?}",
        g["gate"]
    );
    let cycles: Vec<String> = g.keys().filter(|m| reaches(&g, m, m)).cloned().collect();
    assert!(
        cycles.is_empty(),
        "modules on an import cycle: {cycles:?}\n{g:#?}"
    );
}
