//! Bilingual UI: Georgian (default) and English.
//!
//! Every user-facing string is a [`Key`], generated from `app/locales/{ka,en}.json` by
//! `build.rs`, so an unknown key does not compile and a key missing in either file fails the
//! build. Components call [`t`] (reactive) or [`Key::text`] (with an explicit locale).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/i18n_keys.rs"));

/// The cookie that remembers the chosen language.
pub const LOCALE_COOKIE: &str = "mokhele_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// ქართული — the default.
    #[default]
    Ka,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ka, Locale::En];

    /// The BCP 47 code, used in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ka => "ka",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim() {
            "ka" => Some(Locale::Ka),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the switch.
    pub fn native_name(self) -> Key {
        match self {
            Locale::Ka => Key::LangKa,
            Locale::En => Key::LangEn,
        }
    }

    /// Reads the language from a `Cookie:` header value; Georgian when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == LOCALE_COOKIE)
            .and_then(|(_, value)| Locale::parse(value))
            .unwrap_or_default()
    }
}

impl Key {
    /// The text in `locale`. In the browser, empty until [`load_texts`] has loaded the
    /// language (the entry point loads it before hydrating, the switch before switching).
    pub fn text(self, locale: Locale) -> &'static str {
        texts(locale)
            .get(self as usize)
            .copied()
            .unwrap_or_default()
    }

    /// The text with `{name}` placeholders replaced.
    pub fn format(self, locale: Locale, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.text(locale).to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

/// The server holds both languages.
#[cfg(not(target_arch = "wasm32"))]
fn texts(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::Ka => &TEXTS_KA,
        Locale::En => &TEXTS_EN,
    }
}

/// Nothing to load on the server.
#[cfg(not(target_arch = "wasm32"))]
pub async fn load_texts(_locale: Locale) {}

/// The browser holds the languages it has loaded: each table is split out of the shared
/// bundle into a chunk of its own (about 120 KB of Georgian, 60 KB of English), so a visitor
/// downloads only the language the page is in.
#[cfg(target_arch = "wasm32")]
mod browser {
    use super::Locale;
    use std::sync::OnceLock;

    static LOADED: [OnceLock<&'static [&'static str]>; 2] = [OnceLock::new(), OnceLock::new()];

    fn slot(locale: Locale) -> &'static OnceLock<&'static [&'static str]> {
        &LOADED[locale as usize]
    }

    #[leptos::lazy]
    fn georgian_texts() -> &'static [&'static str] {
        &super::TEXTS_KA
    }

    #[leptos::lazy]
    fn english_texts() -> &'static [&'static str] {
        &super::TEXTS_EN
    }

    pub fn texts(locale: Locale) -> &'static [&'static str] {
        slot(locale).get().copied().unwrap_or_default()
    }

    pub async fn load_texts(locale: Locale) {
        if slot(locale).get().is_none() {
            let table = match locale {
                Locale::Ka => georgian_texts().await,
                Locale::En => english_texts().await,
            };
            let _ = slot(locale).set(table);
        }
    }
}

/// Loads the texts of `locale` into the browser (once).
#[cfg(target_arch = "wasm32")]
pub use browser::load_texts;
#[cfg(target_arch = "wasm32")]
use browser::texts;

/// The current language as a reactive signal, provided once by the root component.
#[derive(Clone, Copy)]
pub struct CurrentLocale(pub RwSignal<Locale>);

/// Whether a text has Georgian letters (Mkhedruli): how tests tell a Georgian text from one left
/// in English.
pub fn has_mkhedruli(text: &str) -> bool {
    text.chars().any(|c| ('\u{10D0}'..='\u{10FF}').contains(&c))
}

pub fn provide_locale(initial: Locale) -> RwSignal<Locale> {
    let signal = RwSignal::new(initial);
    provide_context(CurrentLocale(signal));
    signal
}

pub fn use_locale() -> RwSignal<Locale> {
    use_context::<CurrentLocale>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(Locale::default()))
}

/// A reactive translation: `{t(Key::SignIn)}` in a view, or `aria-label=t(Key::Menu)`.
pub fn t(key: Key) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let locale = use_locale();
    move || key.text(locale.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn keys_of(file: &str) -> Vec<String> {
        let text =
            std::fs::read_to_string(format!("{}/locales/{file}", env!("CARGO_MANIFEST_DIR")))
                .expect("locale file");
        let map: BTreeMap<String, String> = serde_json::from_str(&text).expect("flat JSON");
        map.into_keys().collect()
    }

    #[test]
    fn both_languages_have_exactly_the_same_keys() {
        assert_eq!(keys_of("ka.json"), keys_of("en.json"));
        assert_eq!(keys_of("ka.json").len(), Key::ALL.len());
    }

    #[test]
    fn every_key_travels_as_its_variant_name_and_back() {
        for key in Key::ALL {
            let wire = serde_json::to_string(key).expect("serialize");
            assert_eq!(wire, format!("\"{key:?}\""));
            assert_eq!(
                serde_json::from_str::<Key>(&wire).expect("deserialize"),
                *key
            );
        }
        assert!(serde_json::from_str::<Key>("\"NoSuchKey\"").is_err());
    }

    #[test]
    fn every_key_has_non_empty_text_in_both_languages() {
        for key in Key::ALL {
            for locale in Locale::ALL {
                assert!(
                    !key.text(locale).trim().is_empty(),
                    "{} empty in {}",
                    key.name(),
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn georgian_texts_are_georgian() {
        // Guards against pasting English into ka.json: most Georgian texts contain Mkhedruli.
        let untranslated: Vec<_> = Key::ALL
            .iter()
            .filter(|k| {
                !has_mkhedruli(k.text(Locale::Ka)) && k.text(Locale::Ka) == k.text(Locale::En)
            })
            .filter(|k| !matches!(k, Key::AppName | Key::LangEn))
            .map(|k| k.name())
            .collect();
        assert!(
            untranslated.is_empty(),
            "not translated to Georgian: {untranslated:?}"
        );
    }

    #[test]
    fn cookie_parsing_defaults_to_georgian() {
        assert_eq!(Locale::from_cookie_header(""), Locale::Ka);
        assert_eq!(
            Locale::from_cookie_header("a=b; mokhele_lang=en"),
            Locale::En
        );
        assert_eq!(Locale::from_cookie_header("mokhele_lang=xx"), Locale::Ka);
    }

    #[test]
    fn format_replaces_placeholders() {
        assert_eq!(
            Key::HomeWelcome.format(Locale::En, &[("name", "Nino")]),
            "Welcome, Nino"
        );
    }
}
