//! Name keys for duplicate detection (pure): accent folding, OpenRefine's fingerprint and n-gram
//! fingerprint, Double Metaphone codes for Latin names and toneless pinyin for Chinese ones.
//!
//! Every key here is a normal form: applying the function to its own output gives the same
//! output (property-tested), so a name typed twice in different ways meets itself.

use pinyin::ToPinyin;
use rphonetic::DoubleMetaphone;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Whether `c` is a CJK ideograph (the Han characters Chinese names are written in).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ebef}')
}

/// Lowercase, accents removed (NFKD, combining marks dropped), punctuation and symbols turned
/// into spaces, whitespace collapsed. `"  Zoë  O'Brien-Smith "` → `"zoe o brien smith"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    };
    // ASCII text is its own NFKD form and has no combining marks: skip the decomposition,
    // which is most of the cost for the Latin names of a large import.
    if text.is_ascii() {
        for c in text.chars() {
            push(c.to_ascii_lowercase(), &mut out);
        }
        return out;
    }
    let mut fold_char = |c: char| {
        for c in c.to_lowercase() {
            if !unicode_normalization::char::is_combining_mark(c) {
                push(c, &mut out);
            }
        }
    };
    // Han text is mostly in NFKD already; the quick check avoids decomposing it.
    if unicode_normalization::is_nfkd_quick(text.chars()) == IsNormalized::Yes {
        text.chars().for_each(&mut fold_char);
    } else {
        text.nfkd().for_each(&mut fold_char);
    }
    out
}

/// The folded words of `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// OpenRefine's fingerprint: folded words, sorted, each once, joined by a space; so word order,
/// case, accents and punctuation do not matter. A name written in Han characters keeps its
/// characters in order with no spaces (Chinese names have no word order to forgive, and
/// `王 芳` is `王芳`).
pub fn fingerprint(text: &str) -> String {
    fingerprint_folded(&fold(text))
}

/// [`fingerprint`] of text already [`fold`]ed.
pub fn fingerprint_folded(folded: &str) -> String {
    if folded.chars().any(is_han) {
        return folded.chars().filter(|c| *c != ' ').collect();
    }
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// OpenRefine's n-gram fingerprint: the folded text without spaces cut into `n`-character
/// pieces, sorted, each once, concatenated; it forgives spacing (`Mary Ann` / `Maryann`).
pub fn ngram_fingerprint(text: &str, n: usize) -> String {
    ngram_fingerprint_folded(&fold(text), n)
}

/// [`ngram_fingerprint`] of text already [`fold`]ed.
pub fn ngram_fingerprint_folded(folded: &str, n: usize) -> String {
    let joined: String = folded.chars().filter(|c| *c != ' ').collect();
    let starts: Vec<usize> = joined.char_indices().map(|(at, _)| at).collect();
    if starts.len() <= n || n == 0 {
        return joined;
    }
    let mut grams: Vec<&str> = (0..=starts.len() - n)
        .map(|i| {
            let end = starts.get(i + n).copied().unwrap_or(joined.len());
            &joined[starts[i]..end]
        })
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams.concat()
}

/// The toneless pinyin of a name's Han characters as sorted words (`王芳` → `fang wang`), other
/// words folded as they are; `None` when the name has no Han character. It is the same key
/// as [`fingerprint`] of the romanised name, so `王芳` meets `Wang Fang` and `Fang WANG`.
pub fn pinyin_key(text: &str) -> Option<String> {
    pinyin_key_folded(&fold(text))
}

/// [`pinyin_key`] of text already [`fold`]ed.
pub fn pinyin_key_folded(folded: &str) -> Option<String> {
    if !folded.chars().any(is_han) {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    let mut other = String::new();
    for c in folded.chars() {
        if is_han(c) {
            if !other.is_empty() {
                words.push(std::mem::take(&mut other));
            }
            match c.to_pinyin() {
                Some(reading) => words.push(reading.plain().to_owned()),
                None => words.push(c.to_string()),
            }
        } else if c == ' ' {
            if !other.is_empty() {
                words.push(std::mem::take(&mut other));
            }
        } else {
            other.push(c);
        }
    }
    if !other.is_empty() {
        words.push(other);
    }
    words.sort_unstable();
    words.dedup();
    Some(words.join(" "))
}

/// Double Metaphone primary codes of a Latin name's words, sorted and joined (`Jon Smyth` and
/// `John Smith` both give `JN SM0`); `None` for a name with Han characters or no letters.
pub fn phonetic_key(text: &str) -> Option<String> {
    phonetic_key_folded(&fold(text))
}

/// [`phonetic_key`] of text already [`fold`]ed.
pub fn phonetic_key_folded(folded: &str) -> Option<String> {
    if folded.chars().any(is_han) {
        return None;
    }
    let encoder = DoubleMetaphone::new(Some(4));
    // The encoder slices its input by bytes and panics inside a multi-byte character (found
    // by the fuzz corpus), and it only knows Latin spelling anyway: Latin letters that folding
    // keeps are spelled out in ASCII, and words still holding other letters get no code.
    let mut codes: Vec<String> = folded
        .split(' ')
        .map(latin_ascii)
        .filter(|w| w.is_ascii() && w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(|w| encoder.double_metaphone(&w).primary())
        .filter(|code| !code.is_empty())
        .collect();
    if codes.is_empty() {
        return None;
    }
    codes.sort_unstable();
    codes.dedup();
    Some(codes.join(" "))
}

/// Latin letters without a decomposition, in ASCII (`straße` → `strasse`, `søren` → `soren`).
fn latin_ascii(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&str) -> String, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(f(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn folding() {
        check(
            fold,
            &[
                ("  Zoë  O'Brien-Smith ", "zoe o brien smith"),
                ("ÅSA Öberg", "asa oberg"),
                ("François", "francois"),
                ("王 芳", "王 芳"),
                ("Ｗａｎｇ", "wang"),
                ("", ""),
                ("--", ""),
            ],
        );
    }

    #[test]
    fn fingerprints() {
        check(
            fingerprint,
            &[
                ("Lovelace, Ada", "ada lovelace"),
                ("ADA  lovelace", "ada lovelace"),
                ("Ada Ada Lovelace", "ada lovelace"),
                ("José García", "garcia jose"),
                ("王 芳", "王芳"),
                ("王芳", "王芳"),
            ],
        );
        assert_eq!(
            ngram_fingerprint("Mary Ann", 2),
            ngram_fingerprint("Maryann", 2)
        );
        assert_eq!(ngram_fingerprint("ab", 2), "ab");
        assert_eq!(ngram_fingerprint("abab", 2), "abba");
    }

    #[test]
    fn pinyin_meets_romanised_names() {
        assert_eq!(pinyin_key("王芳").as_deref(), Some("fang wang"));
        assert_eq!(pinyin_key("王方").as_deref(), Some("fang wang"));
        assert_eq!(pinyin_key("王芳"), Some(fingerprint("Wang Fang")));
        assert_eq!(pinyin_key("王芳"), Some(fingerprint("FANG Wang")));
        assert_eq!(pinyin_key("Ada Lovelace"), None);
        assert_eq!(pinyin_key("李 Lily").as_deref(), Some("li lily"));
    }

    #[test]
    fn phonetic_keys() {
        assert_eq!(phonetic_key("Jon Smyth"), phonetic_key("John Smith"));
        assert_eq!(phonetic_key("Catherine"), phonetic_key("Kathryn"));
        assert_ne!(phonetic_key("Ada Lovelace"), phonetic_key("Grace Hopper"));
        assert_eq!(phonetic_key("王芳"), None);
        assert_eq!(phonetic_key("42"), None);
        assert_eq!(phonetic_key("Søren Straße"), phonetic_key("Soren Strasse"));
        // Letters the encoder cannot spell get no code (and never reach it: it would panic).
        assert_eq!(phonetic_key("ттᘯ"), None);
        assert_eq!(phonetic_key("tt\u{162f}o"), None);
        assert_eq!(phonetic_key("Олег Ada"), phonetic_key("Ada"));
    }

    #[test]
    fn han_ranges() {
        assert!(is_han('王'));
        assert!(is_han('𠀀'));
        assert!(!is_han('a'));
        assert!(!is_han('。'));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn keys_are_normal_forms(text in "\\PC{0,24}") {
            prop_assert_eq!(fold(&fold(&text)), fold(&text));
            prop_assert_eq!(fingerprint(&fingerprint(&text)), fingerprint(&text));
            if let Some(key) = pinyin_key(&text) {
                // Sorted words, each once: the same words in any order give this key.
                let words: Vec<&str> = key.split(' ').collect();
                prop_assert!(words.windows(2).all(|w| w[0] < w[1]), "{key:?}");
            }
        }
    }
}
