//! Text from a scenario (names, ids, messages quoting them) made harmless where it is shown.
//! A name is whatever an officer's spreadsheet holds, and the outputs are mailed on: a name
//! must not be able to drive the reader's terminal or reorder the figures beside it on a page.
//! (CSV cells have their own rule, [`super::csv::cell`].)
//!
//! - [`terminal`]: control characters (C0 but newline and tab, DEL, C1, and so every ESC or
//!   OSC sequence, which needs its ESC or CSI) and bidirectional controls are shown as
//!   `\u{1b}`, visible and inert, instead of clearing the screen or retitling the window.
//! - [`isolate`]: a text holding bidirectional controls is closed off (its embeddings and
//!   overrides balanced, the whole between FSI and PDI, what `<bdi>` does), so that a
//!   right-to-left override in a name cannot reverse the figures written after it.

use std::borrow::Cow;

/// The Unicode bidirectional formatting characters (UAX #9, table 4) and the marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters a terminal could act on: C0 controls but newline and tab, DEL and C1 controls.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Text for a terminal (and for `plan.txt`, read with `cat`): every control character, and
/// every bidirectional control, written as `\u{..}`; all else unchanged.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_terminal_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON for a terminal: the characters serde_json leaves raw that a terminal could act on
/// (DEL, C1, bidirectional controls; it escapes C0 itself) as `\u00XX` escapes, which mean the
/// same string to any JSON reader.
pub fn json_terminal(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_terminal_control) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        // Outside strings JSON has only spaces, newlines and punctuation, so these are in strings.
        if is_terminal_control(c) && c != '\r' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A text with bidirectional controls, isolated: unmatched closers dropped, what it opens
/// closed, and the whole between FSI (U+2068) and PDI (U+2069). A text without any is
/// returned as it is (every catalogue word, and nearly every name).
pub fn isolate(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    #[derive(PartialEq)]
    enum Open {
        Embedding,
        Isolate,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut out = String::from('\u{2068}');
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => {
                open.push(Open::Embedding);
                out.push(c);
            }
            // PDF closes an embedding opened since the innermost isolate, or nothing.
            '\u{202C}' => {
                if open.last() == Some(&Open::Embedding) {
                    open.pop();
                    out.push(c);
                }
            }
            '\u{2066}'..='\u{2068}' => {
                open.push(Open::Isolate);
                out.push(c);
            }
            // PDI closes the innermost isolate and what was opened in it; an unmatched one
            // would close ours, so it is dropped.
            '\u{2069}' => {
                if let Some(i) = open.iter().rposition(|o| *o == Open::Isolate) {
                    open.truncate(i);
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    for o in open.iter().rev() {
        out.push(if *o == Open::Isolate {
            '\u{2069}'
        } else {
            '\u{202C}'
        });
    }
    out.push('\u{2069}');
    Cow::Owned(out)
}

/// A message whose literal arguments (the names in a reason or a suggestion) are isolated, so
/// that a name's bidirectional controls end with the name, not with the sentence.
pub fn isolate_msg(m: &crate::i18n::Msg) -> crate::i18n::Msg {
    use crate::i18n::Msg;
    match m {
        Msg::Lit(s) => Msg::Lit(isolate(s).into_owned()),
        Msg::Id(id, args) => Msg::Id(id, args.iter().map(|(k, v)| (*k, isolate_msg(v))).collect()),
        Msg::List(items) => Msg::List(items.iter().map(isolate_msg).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_shown_not_obeyed() {
        assert_eq!(terminal("海宁市 740\n\tok"), "海宁市 740\n\tok");
        assert_eq!(terminal("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            terminal("\x1b]0;owned\x07x\r\u{9b}31m\u{202e}"),
            "\\u{1b}]0;owned\\u{7}x\\u{d}\\u{9b}31m\\u{202e}"
        );
        assert!(
            !terminal("\x1b\x7f\u{85}\u{2066}")
                .chars()
                .any(is_terminal_control)
        );
    }

    #[test]
    fn json_stays_the_same_value() {
        let s = "x\u{9b}\u{202e}y\x1b";
        let json = serde_json::to_string(s).unwrap();
        let safe = json_terminal(&json);
        assert!(!safe.chars().any(is_terminal_control), "{safe}");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), s);
    }

    #[test]
    fn isolated_text_closes_what_it_opens() {
        assert_eq!(isolate("浦江县"), "浦江县");
        assert_eq!(isolate("a\u{202e}b"), "\u{2068}a\u{202e}b\u{202c}\u{2069}");
        // A stray PDI would end our isolate early: it is dropped; a PDF inside an isolate
        // cannot close the embedding outside it.
        assert_eq!(
            isolate("\u{2069}\u{202e}1"),
            "\u{2068}\u{202e}1\u{202c}\u{2069}"
        );
        assert_eq!(
            isolate("\u{202b}\u{2067}x\u{202c}"),
            "\u{2068}\u{202b}\u{2067}x\u{2069}\u{202c}\u{2069}"
        );
    }
}
