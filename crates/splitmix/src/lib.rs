//! SplitMix64 (Steele, Lea, Flood 2014), the workspace's one random-number generator: tiny,
//! portable, and fixed forever, so a seed gives the same numbers on every build and platform
//! whatever random-number crate is around. The application draws its synthetic scenarios, a
//! sweep's random variants and the fuzz tests' mutants from it; the solver crate takes it as a
//! dev-dependency for its randomised tests and benchmarks only (it is no part of its API).
//! `scenarios/gen/generate.py` is the same generator in Python.
//!
//! Changing any number here changes every generated scenario, which are goldens: don't.

/// The generator: its whole state is one 64-bit word, the seed to start with.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

/// The golden-ratio increment of the state.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }
    /// Uniform integer in [0, n) (modulo bias below n / 2^64; 0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Index drawn with the given weights.
    pub fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut r = self.unit() * total;
        for (i, &x) in w.iter().enumerate() {
            r -= x;
            if r < 0.0 {
                return i;
            }
        }
        w.len() - 1
    }
    /// Standard normal by Box-Muller (two uniforms per draw; the second normal is discarded).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]: ln is finite
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

/// The first output of the generator seeded with `i`: SplitMix64's finaliser of `i + γ`, a
/// bijection on 64-bit words, so distinct inputs never get the same key (a sweep's shards
/// deal the variants out by it).
pub fn mix(i: u64) -> u64 {
    Rng(i).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference() {
        // First outputs of SplitMix64 from state 0 (the published reference values).
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(mix(0), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn mix_is_the_finaliser_of_each_input() {
        // The sequence from state 0 is mix(γ·k) for k = 0, 1, 2, ...: the state steps by γ.
        let mut r = Rng(0);
        for k in 0..100u64 {
            assert_eq!(r.next_u64(), mix(GAMMA.wrapping_mul(k)));
        }
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut r = Rng(42);
        for _ in 0..10_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(7) < 7);
            assert!((2.0..5.0).contains(&r.uniform(2.0, 5.0)));
            assert!(r.weighted(&[0.0, 1.0, 0.0]) == 1);
        }
        assert_eq!(r.below(0), 0);
    }
}
