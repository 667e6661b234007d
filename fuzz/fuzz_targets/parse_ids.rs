//! Id, token and option parsers: never a panic; what parses is canonical, round-trips, and
//! encodes to a path segment with nothing but unreserved characters and %XX escapes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center_licenses::{
    AccessToken, ClientConfig, CustomerId, LicenseGroup, PlanId, SkuId, UserId,
};

fn segment_is_safe(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if i + 2 >= b.len() {
                    return false;
                }
                if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                    return false;
                }
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || b"-._~".contains(&c) => i += 1,
            _ => return false,
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = CustomerId::parse(s) {
        assert_eq!(CustomerId::parse(&c.to_string()), Ok(c));
        assert!(s.eq_ignore_ascii_case(&c.to_string()));
    }
    if let Ok(k) = SkuId::parse(s) {
        assert_eq!(k.to_string().len(), 36);
    }
    let _ = PlanId::parse(s);
    if let Ok(u) = UserId::parse(s) {
        let seg = u.to_path_segment();
        assert!(segment_is_safe(&seg), "{seg}");
        assert!(!seg.contains('/') && !seg.contains('?') && !seg.contains('#'));
        assert_eq!(UserId::parse(&u.to_string()), Ok(u));
    }
    if let Ok(g) = LicenseGroup::parse(s) {
        assert!(s.eq_ignore_ascii_case(g.query_value()));
    }
    if let Ok(t) = AccessToken::new(s) {
        assert!(!t.expose().is_empty());
        assert!(t.expose().bytes().all(|b| (0x21..=0x7e).contains(&b)));
        // Whatever the token, Debug and Display print only the redaction.
        assert_eq!(format!("{t:?}|{t}"), "AccessToken(<redacted>)|<redacted>");
    }
    if let Ok(c) = ClientConfig::new(s) {
        assert!(!c.base_url().ends_with('/'));
        assert!(!c.base_url().contains(['\r', '\n', ' ', '?', '#']));
        if let Ok(c) = c.with_locale(s) {
            assert!(!c.locale().unwrap_or_default().contains(['\r', '\n']));
        }
    }
    if let Ok(c) = ClientConfig::new("http://x").and_then(|c| c.with_application_name(s)) {
        assert!(
            !c.application_name()
                .unwrap_or_default()
                .contains(['\r', '\n'])
        );
    }
});
