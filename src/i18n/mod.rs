//! The typed UI text catalogue for English and Simplified Chinese (pure: no web crates).
//!
//! Every message is a variant of [`Msg`] and every variant must carry both translations: the
//! `catalogue!` macro does not accept an entry without a `zh` text, so a missing translation is a
//! compile error, and the tests below catch empty or untranslated texts.
//!
//! Why not leptos_i18n: it brings ICU data, its own cookie/locale persistence and a build step,
//! while Fieldbook needs two fixed languages with compile-time completeness and the language
//! choice kept by the store's settings. A macro over a `match` gives exactly that.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    Zh,
}

impl Lang {
    /// Every supported language, in the order the language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, used for the `lang` attribute of the page and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Parses a BCP 47 tag as stored or as reported by the browser (`zh`, `zh-Hans-CN`, `en-GB`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, zh: $zh:literal $(,)? } )*) => {
        /// A UI message key. Use [`Msg::text`] to get its text in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* $key, )*
        }

        impl Msg {
            /// Every message, for completeness tests.
            pub const ALL: &'static [Msg] = &[ $( Msg::$key, )* ];

            /// The message's text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Msg::$key, Lang::En) => $en,
                        (Msg::$key, Lang::Zh) => $zh,
                    )*
                }
            }
        }
    };
}

pub mod format;
mod messages;
pub use messages::Msg;

/// Countries offered as the default country: ISO 3166 alpha-2 code, English and Chinese name.
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("CN", "China", "中国"),
    ("HK", "Hong Kong SAR", "中国香港"),
    ("MO", "Macao SAR", "中国澳门"),
    ("TW", "Taiwan", "中国台湾"),
    ("SG", "Singapore", "新加坡"),
    ("MY", "Malaysia", "马来西亚"),
    ("JP", "Japan", "日本"),
    ("KR", "South Korea", "韩国"),
    ("IN", "India", "印度"),
    ("AU", "Australia", "澳大利亚"),
    ("NZ", "New Zealand", "新西兰"),
    ("US", "United States", "美国"),
    ("CA", "Canada", "加拿大"),
    ("GB", "United Kingdom", "英国"),
    ("IE", "Ireland", "爱尔兰"),
    ("DE", "Germany", "德国"),
    ("FR", "France", "法国"),
    ("ES", "Spain", "西班牙"),
    ("IT", "Italy", "意大利"),
    ("NL", "Netherlands", "荷兰"),
    ("CH", "Switzerland", "瑞士"),
    ("SE", "Sweden", "瑞典"),
    ("BR", "Brazil", "巴西"),
    ("MX", "Mexico", "墨西哥"),
];

/// A country's name in `lang`, by its code.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, en, zh)| if lang == Lang::Zh { *zh } else { *en })
}

/// Shorthand for [`Msg::text`].
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    msg.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_message_has_a_non_empty_text_in_every_language() {
        for &msg in Msg::ALL {
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.trim().is_empty(), "{msg:?} has no {lang:?} text");
                assert_eq!(
                    text,
                    text.trim(),
                    "{msg:?} in {lang:?} has stray whitespace"
                );
            }
        }
    }

    #[test]
    fn chinese_texts_are_translated_not_copied() {
        for &msg in Msg::ALL {
            let zh = msg.text(Lang::Zh);
            assert!(
                has_cjk(zh),
                "{msg:?} has no Chinese characters in its zh text: {zh:?}"
            );
            assert!(
                !has_cjk(msg.text(Lang::En)),
                "{msg:?} has Chinese in its en text"
            );
        }
    }

    #[test]
    fn texts_are_distinct_within_a_language() {
        for lang in Lang::ALL {
            let mut seen = HashSet::new();
            for &msg in Msg::ALL {
                assert!(
                    seen.insert(msg.text(lang)),
                    "{msg:?} repeats another {lang:?} text"
                );
            }
        }
    }

    #[test]
    fn countries_have_codes_and_both_names() {
        let mut codes = HashSet::new();
        for (code, en, zh) in COUNTRIES {
            assert!(code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()));
            assert!(codes.insert(code), "{code} repeats");
            assert!(!en.is_empty() && has_cjk(zh), "{code}");
        }
        assert_eq!(country_name("CN", Lang::Zh), Some("中国"));
        assert_eq!(country_name("XX", Lang::En), None);
    }

    #[test]
    fn tags_round_trip_and_browser_tags_parse() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        let cases = [
            ("en-GB", Some(Lang::En)),
            ("zh", Some(Lang::Zh)),
            ("zh-Hans-CN", Some(Lang::Zh)),
            ("ZH_cn", Some(Lang::Zh)),
            ("fr-FR", None),
            ("", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(Lang::from_tag(tag), expected, "tag {tag:?}");
        }
    }
}
