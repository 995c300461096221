//! The house-style emitter reproduces the hand-written spec files byte for byte, so rewriting one operation cannot
//! restyle anything else.

use crate::support;

#[test]
fn emitting_a_parsed_spec_gives_it_back_byte_for_byte() {
    for name in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        let text = support::spec(name);
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let emitted = xtask::yaml_style::emit_document(&value).unwrap();
        if emitted != text {
            let diff = similar::TextDiff::from_lines(&text, &emitted);
            panic!(
                "{name} is not reproduced:\n{}",
                diff.unified_diff().context_radius(1)
            );
        }
    }
}
