//! Free-format MPS export of an [`LpModel`], so the optimum can be checked with any solver.

use super::model::{LpModel, Sense};
use std::fmt::Write;

/// Writes the model as free MPS with an OBJSENSE MAX section. The objective row is `obj`.
pub fn to_mps(lp: &LpModel, name: &str) -> String {
    let mut s = String::new();
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect();
    let _ = writeln!(
        s,
        "NAME {}",
        if name.is_empty() { "landquota" } else { &name }
    );
    s.push_str("OBJSENSE\n    MAX\nROWS\n N  obj\n");
    for r in &lp.rows {
        let t = match r.sense {
            Sense::Le => 'L',
            Sense::Ge => 'G',
            Sense::Eq => 'E',
        };
        let _ = writeln!(s, " {t}  {}", r.name);
    }
    // MPS is column-major: transpose the rows once.
    let by_col = lp.by_column();
    s.push_str("COLUMNS\n");
    let mut in_int = false;
    let mut markers = 0;
    for (j, c) in lp.columns.iter().enumerate() {
        if c.integer != in_int {
            let kind = if c.integer { "INTORG" } else { "INTEND" };
            let _ = writeln!(s, "    MARKER{markers} 'MARKER' '{kind}'");
            markers += 1;
            in_int = c.integer;
        }
        let _ = writeln!(s, "    {} obj {}", c.name, num(c.obj));
        for &(i, a) in &by_col[j] {
            let _ = writeln!(s, "    {} {} {}", c.name, lp.rows[i].name, num(a));
        }
    }
    if in_int {
        let _ = writeln!(s, "    MARKER{markers} 'MARKER' 'INTEND'");
    }
    s.push_str("RHS\n");
    for r in lp.rows.iter().filter(|r| r.rhs != 0.0) {
        let _ = writeln!(s, "    RHS {} {}", r.name, num(r.rhs));
    }
    s.push_str("BOUNDS\n");
    for c in &lp.columns {
        if c.lower != 0.0 {
            let _ = writeln!(s, " LO BND {} {}", c.name, num(c.lower));
        }
        if c.upper.is_finite() {
            let _ = writeln!(s, " UP BND {} {}", c.name, num(c.upper));
        } else if c.integer {
            let _ = writeln!(s, " PL BND {}", c.name);
        }
    }
    s.push_str("ENDATA\n");
    s
}

/// Shortest text that reads back as the same f64.
fn num(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v:?}")
    }
}
