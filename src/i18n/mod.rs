//! Words for people, in Chinese and English, from one catalogue per language
//! (`en.ftl`, `zh.ftl`: Fluent syntax, <https://projectfluent.org>).
//!
//! Officers work in Chinese; researchers and reviewers often in English. Every human-facing string
//! (tables, explanations, reasons, validation messages, report documents) is a message here, looked
//! up by id with named arguments: `t!(lang, "check-ok", path = p, pools = 3)`. Machine contracts
//! (JSON keys, CSV headers, ids, exit codes) never go through the catalogue.
//!
//! Arguments are passed as text: numbers are formatted by the caller (rounded mu, shares), so
//! that a figure reads the same in both languages and in every output.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language of the environment: `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first
    /// that is set and non-empty, as POSIX orders them); Chinese when it starts with `zh`.
    pub fn from_env() -> Lang {
        Self::from_locale_vars(|k| std::env::var(k).ok())
    }

    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

const EN: &str = include_str!("en.ftl");
const ZH: &str = include_str!("zh.ftl");

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static EN_B: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static ZH_B: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, src, id) = match lang {
        Lang::En => (&EN_B, EN, "en"),
        Lang::Zh => (&ZH_B, ZH, "zh-CN"),
    };
    cell.get_or_init(|| {
        // The catalogues are compiled in and checked by the tests below: a syntax error is a
        // build defect, not an input error.
        let res = FluentResource::try_new(src.to_string())
            .unwrap_or_else(|(_, e)| panic!("catalogue {id} has syntax errors: {e:?}"));
        let mut b = FluentBundle::new_concurrent(vec![id.parse().expect("valid language id")]);
        // No Unicode bidi isolation marks around arguments: they would end up in terminals,
        // CSV cells and goldens as invisible characters.
        b.set_use_isolating(false);
        b.add_resource(res).expect("message ids are unique");
        b
    })
}

/// The message `id` in `lang`, with its arguments. A missing message falls back to English,
/// then to the id itself (the catalogue test makes both impossible for ids used in code).
pub fn tr(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(v.as_str()));
    }
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(msg) = b.get_message(id)
            && let Some(pattern) = msg.value()
        {
            let mut errors = Vec::new();
            let s = b.format_pattern(pattern, Some(&fa), &mut errors);
            return s.into_owned();
        }
    }
    id.to_string()
}

/// Words for people that are rendered later, in whichever language the output asks for: a
/// report is built once (by a sweep, a batch, a solve) and shown as a Chinese table, an English
/// JSON `reason`, an XLSX sheet. Nothing language-dependent is fixed until [`Msg::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Text that reads the same in every language (ids, names, numbers), or comes from outside
    /// the catalogue (a solver's own error text, the OS's).
    Lit(String),
    /// A catalogue message and its named arguments.
    Id(&'static str, Vec<(&'static str, Msg)>),
    /// Messages joined by the language's list separator (`list-sep`: "; " or "；").
    List(Vec<Msg>),
}

impl Msg {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Msg::Lit(s) => s.clone(),
            Msg::Id(id, args) => {
                let args: Vec<(&str, String)> =
                    args.iter().map(|(k, v)| (*k, v.render(lang))).collect();
                tr(lang, id, &args)
            }
            Msg::List(items) => {
                let sep = tr(lang, "list-sep", &[]);
                items
                    .iter()
                    .map(|m| m.render(lang))
                    .collect::<Vec<_>>()
                    .join(&sep)
            }
        }
    }

    /// The message with one more named argument (no effect on literal text).
    pub fn with(mut self, key: &'static str, value: impl Into<Msg>) -> Msg {
        if let Msg::Id(_, args) = &mut self {
            args.push((key, value.into()));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Msg::Lit(s) if s.is_empty())
    }
}

/// English: what JSON, logs and `{}` show. The catalogue's English is the machine-stable text.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// JSON carries the English text (see the README: `reason` and `suggestion` are stable English
/// whatever `--lang` says, so that scripts and goldens do not depend on the reader's locale).
impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render(Lang::En))
    }
}

impl Default for Msg {
    fn default() -> Msg {
        Msg::Lit(String::new())
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Msg {
        Msg::Lit(s)
    }
}
impl From<&String> for Msg {
    fn from(s: &String) -> Msg {
        Msg::Lit(s.clone())
    }
}
impl From<&str> for Msg {
    fn from(s: &str) -> Msg {
        Msg::Lit(s.to_string())
    }
}
impl From<&Msg> for Msg {
    fn from(m: &Msg) -> Msg {
        m.clone()
    }
}
macro_rules! msg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Msg {
            fn from(v: $t) -> Msg {
                Msg::Lit(v.to_string())
            }
        }
    )*};
}
msg_from_display!(usize, u32, u64, i64, i32, f64, char);

/// `msg!("id")` or `msg!("id", name = value, ...)`: a catalogue message rendered later. Values
/// are anything `Into<Msg>` (text, whole numbers, other messages); format fractions first.
#[macro_export]
macro_rules! msg {
    ($id:expr) => {
        $crate::i18n::Msg::Id($id, Vec::new())
    };
    ($id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::Msg::Id($id, vec![$((stringify!($k), $crate::i18n::Msg::from($v))),+])
    };
}

/// `t!(lang, "id")` or `t!(lang, "id", name = value, ...)`: a message of the catalogue.
/// Values are anything `Display`; format numbers before passing them.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:expr) => {
        $crate::i18n::tr($lang, $id, &[])
    };
    ($lang:expr, $id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::tr($lang, $id, &[$((stringify!($k), ($v).to_string())),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(src: &str) -> Vec<String> {
        src.lines()
            .filter(|l| !l.starts_with(['#', ' ', '\t', '.', '}', '[', '*']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim().to_string())
            .collect()
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages() {
        for (name, src) in [("en", EN), ("zh", ZH)] {
            FluentResource::try_new(src.to_string())
                .unwrap_or_else(|(_, e)| panic!("{name}.ftl: {e:?}"));
        }
        for (name, src) in [("en", EN), ("zh", ZH)] {
            let all = ids(src);
            let mut dup: Vec<&String> = all
                .iter()
                .filter(|i| all.iter().filter(|j| j == i).count() > 1)
                .collect();
            dup.dedup();
            assert!(
                dup.is_empty(),
                "{name}.ftl defines these ids twice: {dup:?}"
            );
        }
        let (mut en, mut zh) = (ids(EN), ids(ZH));
        en.sort();
        zh.sort();
        let only_en: Vec<_> = en.iter().filter(|i| !zh.contains(i)).collect();
        let only_zh: Vec<_> = zh.iter().filter(|i| !en.contains(i)).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "only in en.ftl: {only_en:?}; only in zh.ftl: {only_zh:?}"
        );
    }

    /// Every `t!(_, "id"...)` in the sources names a message of the catalogue.
    #[test]
    fn every_id_used_in_code_exists() {
        let en = ids(EN);
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    // This module's own docs and macro show the syntax with placeholder ids.
                    if !p.ends_with("i18n") {
                        stack.push(p);
                    }
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (n, _) in text.match_indices("msg!(\"") {
                        let id: String = text[n + 6..].chars().take_while(|&c| c != '"').collect();
                        if !en.contains(&id) {
                            missing.push(format!("{}: {id}", p.display()));
                        }
                    }
                    for (n, _) in text.match_indices("t!(") {
                        // `assert!(` and friends end in `t!(` too: only the macro itself counts.
                        if text[..n]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_')
                        {
                            continue;
                        }
                        let rest = &text[n + 3..];
                        let Some(q) = rest.find('"') else { continue };
                        // Only the first argument's end: `t!(lang, "id"` has one comma before the id.
                        if rest[..q].contains(['(', ')', '"'])
                            || rest[..q].matches(',').count() != 1
                        {
                            continue;
                        }
                        let id: String = rest[q + 1..].chars().take_while(|&c| c != '"').collect();
                        if !en.contains(&id) {
                            missing.push(format!("{}: {id}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "message ids used but not in en.ftl: {missing:?}"
        );
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = crate::t!(
            Lang::Zh,
            "check-ok",
            path = "x",
            pools = 3,
            counties = 7,
            projects = 40,
            plan = "19200"
        );
        assert!(
            s.contains("x") && s.contains("19200") && !s.contains('\u{2068}'),
            "{s}"
        );
        assert_ne!(
            s,
            crate::t!(
                Lang::En,
                "check-ok",
                path = "x",
                pools = 3,
                counties = 7,
                projects = 40,
                plan = "19200"
            )
        );
    }

    #[test]
    fn language_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(a, _)| *a == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "en_US.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "C")
            ])),
            Lang::Zh
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
    }
}
