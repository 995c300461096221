//! Integration tests of `cargo xtask import-doc` and `cargo xtask spec-diff`, of the real binary (which checkout it
//! acts on, what files it reads) and of the workspace's packaging, in one binary (house style: faster to build on two
//! cores). They work on copies of the spec in temporary folders and never write into `spec/`.

mod changes;
mod checkout;
mod diff_cli;
mod evolution;
mod format;
mod markdown_tables;
mod new_pages;
mod new_product;
mod packaging;
mod page_files;
mod parse_errors;
mod pipeline;
mod robustness;
mod roundtrip;
mod support;
mod yaml_style;
