//! The house's layering, checked: the modules of `src/` use each other without a cycle, so that a newcomer can read
//! them from the bottom up (failures and printing, then views and clients, then commands, then the command line).
//! Each file's `crate::…` paths (outside comments) are the edges; a path names the deepest module it reaches, so
//! `crate::views::workers::scan` is an edge to `views::workers`. `super::` is allowed only in test modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` by path (`commands::job`; the crate root is `crate`), with its source.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src dir")
            .map(|entry| entry.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let mut module = prefix.to_vec();
                if name != "mod" && name != "main" {
                    module.push(name);
                }
                let key = if module.is_empty() {
                    "crate".to_owned()
                } else {
                    module.join("::")
                };
                out.insert(key, std::fs::read_to_string(&path).expect("source"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The modules `source` uses through `crate::` paths.
fn uses(source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        assert!(
            !code.contains("crate::{"),
            "grouped `use crate::{{...}}` hides edges from this check: one `use` per module\n{line}"
        );
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let path: String = rest[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let deepest = (1..=segments.len())
                .rev()
                .map(|depth| segments[..depth].join("::"))
                .find(|module| known.contains(module));
            if let Some(module) = deepest {
                found.insert(module);
            }
            rest = &rest[at + "crate::".len()..];
        }
    }
    found
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, bool>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => {
                let start = stack.iter().position(|entry| entry == node).unwrap_or(0);
                let mut found = stack[start..].to_vec();
                found.push(node.to_owned());
                return Some(found);
            }
            Some(false) => return None,
            None => {}
        }
        state.insert(node.to_owned(), true);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, state, stack) {
                return Some(found);
            }
        }
        stack.pop();
        state.insert(node.to_owned(), false);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(found) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_modules_use_each_other_without_a_cycle() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    assert!(
        known.len() > 10 && known.contains("crate") && known.contains("views::job"),
        "{known:?}"
    );
    let mut graph = BTreeMap::new();
    for (module, source) in &modules {
        let test_code = source.find("#[cfg(test)]").unwrap_or(source.len());
        assert!(
            !source[..test_code].contains("super::"),
            "{module} uses `super::` outside its tests: name the module (`crate::…`) so the layering shows"
        );
        let mut edges = uses(&source[..test_code], &known);
        edges.remove(module);
        graph.insert(module.clone(), edges);
    }
    if let Some(found) = cycle(&graph) {
        panic!("the modules form a cycle: {}", found.join(" -> "));
    }
    // Nothing but the crate root reads the command line's shape.
    for (module, edges) in &graph {
        if module != "crate" {
            assert!(!edges.contains("cli"), "{module} uses cli");
        }
    }
}

#[test]
fn the_check_finds_a_cycle() {
    let known: BTreeSet<String> = ["a", "b", "b::c"].map(str::to_owned).into();
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", uses("use crate::b::c::Thing;", &known)),
        ("b::c", uses("let x = crate::b::helper();", &known)),
        ("b", uses("// crate::a in a comment\nuse crate::a;", &known)),
    ]
    .into_iter()
    .map(|(module, edges)| (module.to_owned(), edges))
    .collect();
    assert_eq!(graph["a"], BTreeSet::from(["b::c".to_owned()]));
    let found = cycle(&graph).expect("a -> b::c -> b -> a");
    assert_eq!(found.first(), found.last());
    assert_eq!(found.len(), 4, "{found:?}");
}
