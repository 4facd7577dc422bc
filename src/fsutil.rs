//! Atomic output: a reader never sees a half-written file, and a crash leaves the old one.

use std::io::Write;
use std::path::Path;

pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The path as the file system knows it: canonical if it exists, else its folder's canonical
/// path joined with its name (a file about to be written), else as given, made absolute.
pub fn canonical(path: &Path) -> std::path::PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => canonical(dir).join(name),
        _ => abs,
    }
}

/// The first output that would replace an input, as (output, input). Paths are compared
/// canonically, so `./projects.csv`, `../x/projects.csv` and a symbolic link all count.
pub fn overwrites<'a>(
    outputs: impl IntoIterator<Item = &'a Path>,
    inputs: &[std::path::PathBuf],
) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let inputs: Vec<_> = inputs.iter().map(|p| (canonical(p), p)).collect();
    for out in outputs {
        let c = canonical(out);
        if let Some((_, input)) = inputs.iter().find(|(i, _)| *i == c) {
            return Some((out.to_path_buf(), input.to_path_buf()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_another_name_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("projects.csv");
        std::fs::write(&input, "id\n").unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let other = sub.join("..").join("projects.csv");
        let hit = overwrites([other.as_path()], std::slice::from_ref(&input));
        assert_eq!(hit, Some((other, input.clone())));
        let fresh = dir.path().join("new").join("projects.csv");
        assert_eq!(overwrites([fresh.as_path()], &[input]), None);
    }
}
