//! The page importer under arbitrary text: `docpage::parse` reads any bytes (as `import-doc` would, lossily
//! decoded) into a page or a `PageError`, and a page that parses is imported into in-memory copies of the real
//! specs, which either succeeds or fails with an error; a changed spec then goes through the generator, as
//! `import-doc` does before it writes. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use docimport::{docpage, import};

const SPECS: [(&str, &str); 2] = [
    (
        "cas-2020-04-07.yaml",
        include_str!("../../spec/cas-2020-04-07.yaml"),
    ),
    (
        "vod-2017-03-21.yaml",
        include_str!("../../spec/vod-2017-03-21.yaml"),
    ),
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(_) = docpage::parse("fuzz.txt", &text) else {
        return;
    };
    let mut specs: Vec<import::SpecFile> = SPECS
        .iter()
        .map(|(name, text)| import::SpecFile {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    if import::import_page("fuzz.txt", &text, &mut specs, None, None).is_err() {
        return;
    }
    let changed = specs
        .iter()
        .zip(SPECS)
        .any(|(spec, (_, original))| spec.text != original);
    if changed {
        let sources: Vec<codegen::SpecSource> = specs
            .iter()
            .map(|spec| codegen::SpecSource::new(format!("spec/{}", spec.name), spec.text.clone()))
            .collect();
        if let Err(error) = codegen::generate(&sources) {
            assert!(
                !error.message().contains("progenitor panicked"),
                "validation let an imported spec through that progenitor panics on: {error}"
            );
        }
    }
});
