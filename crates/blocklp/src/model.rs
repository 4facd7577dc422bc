//! The LP form every solver here works on: named columns with bounds and integrality, and rows
//! that are either local (they tie the columns they touch into one block) or linking.
//!
//! A caller that attaches meaning to rows and columns keeps it beside this form, by index; the
//! solvers see only numbers and names.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub lower: f64,
    pub upper: f64,
    pub integer: bool,
    pub obj: f64,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub coeffs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
    /// A linking row couples blocks; a local row ties every column it touches into one block
    /// (see `decompose::Structure::detect`). Rows are linking unless the builder says otherwise,
    /// so that a model with no block structure is simply not decomposed.
    pub linking: bool,
}

impl Row {
    /// A linking row (the default: see [`Row::linking`]).
    pub fn new(name: String, coeffs: Vec<(usize, f64)>, sense: Sense, rhs: f64) -> Row {
        Row {
            name,
            coeffs,
            sense,
            rhs,
            linking: true,
        }
    }

    /// Whether an activity meets the row, to `tol`.
    pub fn holds(&self, activity: f64, tol: f64) -> bool {
        match self.sense {
            Sense::Le => activity <= self.rhs + tol,
            Sense::Ge => activity >= self.rhs - tol,
            Sense::Eq => (activity - self.rhs).abs() <= tol,
        }
    }

    /// Whether a row without coefficients holds (0 against its right-hand side).
    pub fn trivially_holds(&self) -> bool {
        match self.sense {
            Sense::Le => self.rhs >= 0.0,
            Sense::Ge => self.rhs <= 0.0,
            Sense::Eq => self.rhs == 0.0,
        }
    }
}

/// Maximise Σ obj·x subject to the rows and the column bounds.
#[derive(Debug, Clone, Default)]
pub struct LpModel {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl LpModel {
    pub fn add_column(&mut self, col: Column) -> usize {
        self.columns.push(col);
        self.columns.len() - 1
    }

    /// The scale of the objective's ordinary costs, for tolerances relative to it: the largest
    /// |cost| (at least 1) among the costs not far above the others, and the threshold above
    /// which a cost is "far" (10⁶ times that scale), if any cost is. A cost far above the rest
    /// (a transaction cost of 10¹³ yuan among weights of 1 to 1,000) would otherwise make every
    /// tolerance scaled by the largest cost too coarse for the costs that decide the plan.
    pub fn cost_scale(&self) -> (f64, Option<f64>) {
        let mut costs: Vec<f64> = self
            .columns
            .iter()
            .map(|c| c.obj.abs())
            .filter(|c| *c > 0.0)
            .collect();
        if costs.is_empty() {
            return (1.0, None);
        }
        costs.sort_by(f64::total_cmp);
        let median = costs[costs.len() / 2];
        let ordinary = costs
            .iter()
            .copied()
            .filter(|&c| c <= median.max(1.0) * 1e6)
            .fold(1.0, f64::max);
        let far = ordinary * 1e6;
        (ordinary, (costs[costs.len() - 1] > far).then_some(far))
    }

    /// Objective value of a column vector.
    pub fn objective_value(&self, x: &[f64]) -> f64 {
        self.columns.iter().zip(x).map(|(c, v)| c.obj * v).sum()
    }

    pub fn row_activity(&self, row: &Row, x: &[f64]) -> f64 {
        row.coeffs.iter().map(|&(j, a)| a * x[j]).sum()
    }

    /// The matrix column by column: for each column, its (row, coefficient) entries.
    pub fn by_column(&self) -> Vec<Vec<(usize, f64)>> {
        let mut out = vec![Vec::new(); self.columns.len()];
        for (i, r) in self.rows.iter().enumerate() {
            for &(j, a) in &r.coeffs {
                out[j].push((i, a));
            }
        }
        out
    }

    pub fn has_integers(&self) -> bool {
        self.columns.iter().any(|c| c.integer)
    }
}
