//! Files in and out. Out: atomic, a reader never sees a half-written file and a failure
//! leaves the old one (or, for a set of files, the old set); every error names its path. In:
//! only regular files, since a FIFO or a device given as a table file would block forever.

use std::io::{Error, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// `e` with the path it is about in its message (the OS's message names nothing).
pub fn with_path(path: &Path, e: Error) -> Error {
    Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn temp_for(path: &Path) -> (PathBuf, PathBuf) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    (dir, tmp)
}

fn write_temp(tmp: &Path, contents: &[u8]) -> std::io::Result<()> {
    let result = (|| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(contents)?;
        f.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let (dir, tmp) = temp_for(path);
    std::fs::create_dir_all(&dir).map_err(|e| with_path(&dir, e))?;
    write_temp(&tmp, contents).map_err(|e| with_path(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        with_path(path, e)
    })
}

/// Writes several files as one: a failure leaves every old file as it was (or absent, as it
/// was), never some files of the new set beside some of the old. The new contents are all
/// written and synced to temporary files first; then each old file is kept under a backup
/// name while the new ones are renamed into place; if a rename fails, the files already
/// replaced are put back.
pub fn write_set_atomic(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    let mut temps: Vec<PathBuf> = Vec::new();
    let cleanup = |temps: &[PathBuf]| {
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, contents) in files {
        let (dir, tmp) = temp_for(path);
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| write_temp(&tmp, contents)) {
            cleanup(&temps);
            return Err(with_path(path, e));
        }
        temps.push(tmp);
    }
    let backup = |p: &Path| {
        let (_, t) = temp_for(p);
        t.with_extension("old")
    };
    // Old files kept by a hard link (a copy where links are not supported).
    let mut kept: Vec<Option<PathBuf>> = Vec::new();
    for (path, _) in files {
        if !path.exists() {
            kept.push(None);
            continue;
        }
        let b = backup(path);
        let _ = std::fs::remove_file(&b);
        if let Err(e) =
            std::fs::hard_link(path, &b).or_else(|_| std::fs::copy(path, &b).map(|_| ()))
        {
            cleanup(&temps);
            for b in kept.iter().flatten() {
                let _ = std::fs::remove_file(b);
            }
            return Err(with_path(path, e));
        }
        kept.push(Some(b));
    }
    for (n, ((path, _), tmp)) in files.iter().zip(&temps).enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            for ((p, _), k) in files[..n].iter().zip(&kept) {
                match k {
                    Some(b) => {
                        let _ = std::fs::rename(b, p);
                    }
                    None => {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            cleanup(&temps[n..]);
            for b in kept[n..].iter().flatten() {
                let _ = std::fs::remove_file(b);
            }
            return Err(with_path(path, e));
        }
    }
    for b in kept.iter().flatten() {
        let _ = std::fs::remove_file(b);
    }
    Ok(())
}

/// Reads a file, refusing anything but a regular file (following symbolic links): opening a
/// FIFO would wait for a writer forever, a device would be read without end.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    check_regular(path)?;
    std::fs::read(path)
}

/// `Ok` for a regular file (following symbolic links); else why not, without opening it.
pub fn check_regular(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            return Err(Error::new(
                ErrorKind::IsADirectory,
                "is a directory, not a file",
            ));
        } else {
            special_kind(&meta)
        };
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("is {what}, not a regular file: give the path of a file"),
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
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

/// `name` as a file name's stem: anything but letters, digits, `-` and `_` replaced by `_`,
/// so that no scenario name or id can name a path elsewhere (`..`, `/`, a drive).
pub fn safe_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
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
