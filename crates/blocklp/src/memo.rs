//! Answers kept by the numbers they were computed from, for LPs that repeat (a sweep's
//! variants share most counties' blocks). Below the backends, which hold one, and the fair
//! stage, which fills it (`fair::block_levels`); what an answer is, only its user knows.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Entries a memo keeps at most: round 0 of every county at the nation's size, with room for
/// later rounds that repeat (rarely: their holds differ from variant to variant). A key is a
/// few kB at a county's size, so tens of MB at most.
const ENTRIES: usize = 10_000;

/// A key must hold, in bits, every number the answer was computed from: a hit is then the
/// answer a new computation would give, bit for bit (the computations kept are deterministic).
#[derive(Default)]
pub struct Memo(Mutex<HashMap<Vec<u64>, Arc<dyn Any + Send + Sync>>>);

impl Memo {
    pub fn get<T: Any + Send + Sync>(&self, key: &[u64]) -> Option<Arc<T>> {
        let found = self.0.lock().expect("memo").get(key).cloned()?;
        found.downcast().ok()
    }

    pub fn put<T: Any + Send + Sync>(&self, key: Vec<u64>, value: Arc<T>) {
        let mut m = self.0.lock().expect("memo");
        if m.len() < ENTRIES {
            m.insert(key, value);
        }
    }
}
