//! One integration test binary; each module covers one part of the product.

mod common;
mod errors;
mod rules;
