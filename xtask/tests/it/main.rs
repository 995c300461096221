//! Integration tests of `cargo xtask import-doc` and `cargo xtask spec-diff`, of the real binary (which checkout it
//! acts on, what files it reads, the whole import-then-generate pipeline on a copy of the checkout) and of the
//! workspace's packaging, in one binary (house style: faster to build on two cores). They work on copies of the spec
//! in temporary folders and never write into `spec/`. `pages/` holds copies of the five reference pages,
//! `pages/markdown/` the same pages with Markdown tables, and `pages/new/` pages written for the tests (new
//! operations and a new product, in the 2024, 2025 and 2026 layouts).

mod changes;
mod checkout;
mod diff_cli;
mod evolution;
mod format;
mod markdown_tables;
mod new_pages;
mod new_product;
mod orphans;
mod packaging;
mod page_files;
mod parse_errors;
mod pipeline;
mod request_objects;
mod robustness;
mod roundtrip;
mod support;
mod yaml_style;
