//! Addresses inside the app: the sign-in page's "go back to where you were" and the encoding
//! of query values. A return address is accepted only as a path on this site, so a link
//! `/sign-in?next=https://elsewhere` cannot send a user who signs in to another site.

/// Where sign-in begins for a visitor who asked for `here` (path and query): `/sign-in`,
/// remembering `here` unless it is the home page.
pub fn sign_in_path(here: &str) -> String {
    match return_path(here) {
        Some(path) if path != "/" => format!("/sign-in?next={}", encode(path)),
        _ => "/sign-in".to_string(),
    }
}

/// `next` when it is a page of this site to return to after sign-in, otherwise `None`.
/// Refused: anything not starting with one `/` (`//host` and `/\host` are other sites to a
/// browser), control characters, the sign-in page itself and the server-function endpoints.
pub fn return_path(next: &str) -> Option<&str> {
    let mut chars = next.chars();
    let starts_as_path = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let refused_page =
        next == "/sign-in" || next.starts_with("/sign-in?") || next.starts_with("/api/");
    (starts_as_path && !next.chars().any(char::is_control) && !refused_page && next.len() <= 2000)
        .then_some(next)
}

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pages_of_this_site_are_returned_to() {
        for path in [
            "/",
            "/employees",
            "/employees/12?tab=history",
            "/cycles/3",
            "/sign-in-help",
        ] {
            assert_eq!(return_path(path), Some(path), "{path}");
        }
    }

    #[test]
    fn other_sites_and_odd_paths_are_refused() {
        for path in [
            "",
            "employees",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/employees\n/x",
            "/sign-in",
            "/sign-in?next=/x",
            "/api/auth/sign_out",
        ] {
            assert_eq!(return_path(path), None, "{path:?}");
        }
    }

    #[test]
    fn the_sign_in_address_remembers_the_page() {
        assert_eq!(sign_in_path("/"), "/sign-in");
        assert_eq!(sign_in_path("/employees"), "/sign-in?next=%2Femployees");
        assert_eq!(
            sign_in_path("/employees?q=ნინო&page=2"),
            "/sign-in?next=%2Femployees%3Fq%3D%E1%83%9C%E1%83%98%E1%83%9C%E1%83%9D%26page%3D2"
        );
        assert_eq!(sign_in_path("//evil.example"), "/sign-in");
    }

    proptest! {
        /// Whatever is accepted is a path on this site: one leading slash, nothing a browser
        /// would read as another host.
        #[test]
        fn accepted_addresses_stay_on_this_site(next in "\\PC{0,40}") {
            if let Some(path) = return_path(&next) {
                prop_assert!(path.starts_with('/'));
                prop_assert!(!path.starts_with("//") && !path.starts_with("/\\"));
                prop_assert!(!path.chars().any(char::is_control));
            }
        }
    }
}
