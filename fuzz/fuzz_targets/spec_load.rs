//! The spec loader under arbitrary text: `codegen::load` (parsing and every validation) returns a spec or a
//! `SpecError` and never panics; a spec it accepts goes through the whole generator, which may still refuse it, but
//! never because progenitor panicked: progenitor runs behind `catch_unwind` only as a backstop, and a panic caught
//! there is a spec validation should have refused first.
#![no_main]

use codegen::SpecSource;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "spec/fuzz.yaml";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(error) = codegen::load(FILE, &text) {
        assert_eq!(error.file(), FILE);
        return;
    }
    if let Err(error) = codegen::generate(&[SpecSource::new(FILE, text.into_owned())]) {
        assert!(
            !error.message().contains("progenitor panicked"),
            "validation let through a spec progenitor panics on: {error}"
        );
    }
});
