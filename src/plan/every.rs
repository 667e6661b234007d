//! The desired-set row meaning "every user of the customer": `*`.
//!
//! `{ "*": [licenses], "ada@contoso.com": [...] }` asks every user the customer has (as the
//! users listing gives them: active users) to hold `licenses`, except the users named
//! explicitly, whose own rows win (matched by object id or principal name, ignoring case).

#[allow(unused_imports)]
use crate::prelude::*;

use super::DesiredInput;
use crate::id::UserId;
use crate::inventory::UserRef;

/// The user key meaning "every user of the customer".
pub const EVERY_USER: &str = "*";

/// Whether a written user is [`EVERY_USER`] (surrounding spaces ignored).
pub fn is_every_user(written: &str) -> bool {
    written.trim() == EVERY_USER
}

/// Whether `input` has an [`EVERY_USER`] row, so the customer's users must be listed first.
pub fn needs_users(input: &DesiredInput) -> bool {
    input.keys().any(|k| is_every_user(k))
}

/// Replaces the [`EVERY_USER`] row by one row per listed user not named explicitly, keyed by
/// the user's principal name (its object id when it has none that parses). Explicit rows are
/// kept as they are.
pub fn expand_every_user(input: &mut DesiredInput, users: &[UserRef]) {
    // Taken out by rebuilding the map: `remove` would add the map's removal code to the wasm.
    let mut every = None;
    for (k, v) in core::mem::take(input) {
        if is_every_user(&k) {
            every = Some(v);
        } else {
            input.insert(k, v);
        }
    }
    let Some(licenses) = every else {
        return;
    };
    // The explicit users, lower-cased as `check_users` compares them, sorted for lookups
    // (as `(bytes, 0)`: the element type the inventory sorts, so one sort routine in the wasm).
    let mut named: Vec<(Vec<u8>, usize)> = input
        .keys()
        .filter_map(|k| UserId::parse(k.trim()).ok())
        .map(|u| (u.to_string().to_ascii_lowercase().into_bytes(), 0))
        .collect();
    named.sort_unstable();
    let is_named = |s: &str| {
        let key = s.to_ascii_lowercase().into_bytes();
        named.binary_search_by(|(k, _)| k.cmp(&key)).is_ok()
    };
    for u in users {
        let id = u.user_id.text();
        let upn = &u.user_principal_name;
        if is_named(&id) || (!upn.is_empty() && is_named(upn)) {
            continue;
        }
        let key = match UserId::parse(upn) {
            Ok(_) => upn.clone(),
            Err(_) => id,
        };
        input.entry(key).or_insert_with(|| licenses.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Guid;
    use crate::plan::{DesiredLicenseInput, check_users, parse_csv};

    fn user(i: u32, upn: &str) -> UserRef {
        UserRef {
            user_id: Guid::parse(&format!("b0000000-0000-4000-8000-{i:012}")).unwrap(),
            user_principal_name: upn.into(),
        }
    }
    fn lic(sku: &str) -> Vec<DesiredLicenseInput> {
        vec![DesiredLicenseInput {
            sku_id: sku.into(),
            excluded_plans: None,
        }]
    }

    #[test]
    fn every_user_but_the_named_ones() {
        let mut d = DesiredInput::new();
        d.insert(" * ".into(), lic("E3"));
        d.insert("ADA@contoso.com".into(), lic("E5"));
        d.insert("b0000000-0000-4000-8000-000000000002".into(), vec![]);
        check_users(&d).unwrap();
        assert!(needs_users(&d));
        let users = [
            user(1, "ada@contoso.com"),
            user(2, "bob@contoso.com"),
            user(3, "carol@contoso.com"),
            user(4, ""),
        ];
        expand_every_user(&mut d, &users);
        assert!(!needs_users(&d));
        assert_eq!(
            d["ADA@contoso.com"],
            lic("E5"),
            "the explicit row wins (case ignored)"
        );
        assert!(
            d["b0000000-0000-4000-8000-000000000002"].is_empty(),
            "matched by id"
        );
        assert!(!d.contains_key("bob@contoso.com"));
        assert_eq!(d["carol@contoso.com"], lic("E3"));
        assert_eq!(
            d["b0000000-0000-4000-8000-000000000004"],
            lic("E3"),
            "no UPN: by id"
        );
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn every_user_in_csv_and_written_twice() {
        let d = parse_csv("userId,skuId\n*,ENTERPRISEPACK\nada@contoso.com,\n").unwrap();
        assert!(needs_users(&d));
        let mut twice = DesiredInput::new();
        twice.insert("*".into(), vec![]);
        twice.insert(" *".into(), vec![]);
        assert!(check_users(&twice).is_err());
    }
}
