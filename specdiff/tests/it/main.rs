//! Integration tests of the specdiff library, in one binary (house style): what it makes of specs that are
//! malformed where a person can get them wrong. The command line and the real specs are tested in xtask's suite.

mod malformed;
