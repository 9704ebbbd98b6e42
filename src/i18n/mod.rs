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

catalogue! {
    /// The product name.
    AppName { en: "Fieldbook", zh: "Fieldbook 客户簿" }
    /// Short description under the product name.
    Tagline { en: "Your customers, kept in your browser", zh: "客户资料，保存在您的浏览器中" }
    /// Label of the main navigation.
    MainNavigation { en: "Main navigation", zh: "主导航" }
    /// Button that opens the navigation on narrow screens.
    Menu { en: "Menu", zh: "菜单" }
    /// Label of the language switch.
    Language { en: "Language", zh: "语言" }
    NavHome { en: "Home", zh: "首页" }
    NavCustomers { en: "Customers", zh: "客户" }
    NavOrders { en: "Orders", zh: "订单" }
    NavProducts { en: "Products", zh: "产品" }
    NavService { en: "Service", zh: "客户服务" }
    NavMarketing { en: "Marketing", zh: "营销" }
    NavCleaning { en: "Cleaning", zh: "数据清洗" }
    NavAnalytics { en: "Analytics", zh: "数据分析" }
    NavMining { en: "Mining", zh: "数据挖掘" }
    NavSettings { en: "Settings", zh: "设置" }
    HomeIntro {
        en: "Fieldbook keeps customers, orders and service requests in this browser. Nothing is sent to a server, and it keeps working offline.",
        zh: "Fieldbook 将客户、订单和服务请求保存在本浏览器中。数据不会发送到任何服务器，离线时也能继续使用。",
    }
    HomeAreas { en: "Areas", zh: "功能区" }
    AboutCustomers { en: "Keep, search and edit your customers.", zh: "保存、搜索和编辑客户资料。" }
    AboutOrders { en: "Orders with their lines and amounts.", zh: "订单及其明细和金额。" }
    AboutProducts { en: "Products, prices and categories.", zh: "产品、价格和类别。" }
    AboutService { en: "Inquiries, feedback and complaints.", zh: "咨询、反馈和投诉。" }
    AboutMarketing { en: "Segments and campaigns.", zh: "客户分群与营销活动。" }
    AboutCleaning { en: "Find duplicates, fill gaps, fix errors.", zh: "查找重复、填补缺失、纠正错误。" }
    AboutAnalytics { en: "Purchase figures, RFM and revenue charts.", zh: "购买指标、RFM 分析和收入图表。" }
    AboutMining { en: "Clusters, churn risk and basket rules.", zh: "聚类、流失风险和购物篮关联规则。" }
    AboutSettings { en: "Language and storage.", zh: "语言和存储。" }
    NotBuiltTitle { en: "Not built yet", zh: "尚未开发" }
    NotBuiltBody {
        en: "This part of Fieldbook is not built yet. It will appear here in a later version; nothing on this page is real data.",
        zh: "Fieldbook 的这一部分尚未开发，将在以后的版本中提供；本页没有任何数据。",
    }
    NotFoundTitle { en: "Page not found", zh: "页面不存在" }
    NotFoundBody { en: "There is no page at this address.", zh: "此地址没有对应的页面。" }
    GoHome { en: "Go to the home page", zh: "返回首页" }
    SettingsLanguageHelp {
        en: "The language is remembered in this browser.",
        zh: "语言选择会保存在本浏览器中。",
    }
    StorageUnavailable {
        en: "This browser blocks local storage, so settings cannot be saved. Fieldbook uses its defaults until storage is allowed.",
        zh: "此浏览器禁止本地存储，设置无法保存。在允许存储之前，Fieldbook 将使用默认设置。",
    }
    Dismiss { en: "Dismiss", zh: "关闭" }
    UpdateReady {
        en: "A new version of Fieldbook is ready.",
        zh: "Fieldbook 新版本已就绪。",
    }
    Reload { en: "Reload", zh: "重新加载" }
    PanicTitle { en: "Fieldbook stopped because of an error", zh: "Fieldbook 因出错而停止运行" }
    PanicBody {
        en: "Your saved data is safe. Reload the page to continue; the details are in the browser console.",
        zh: "已保存的数据不受影响。请重新加载页面继续使用；详细信息见浏览器控制台。",
    }
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
