//! The CLI's CSV plan files.
//!
//! ```text
//! userId,skuId,excludedPlans
//! ada@contoso.onmicrosoft.com,ENTERPRISEPACK,YAMMER_ENTERPRISE;SWAY
//! ada@contoso.onmicrosoft.com,POWER_BI_PRO,
//! bob@contoso.onmicrosoft.com,,
//! ```
//! One row per user and license; a row with an empty `skuId` means "this user should hold no
//! license". `excludedPlans` (optional column) lists plan ids or service names separated by
//! `;`. SKUs are ids or part numbers. Header names ignore case; blank lines and lines
//! starting with `#` are skipped; fields may be double-quoted (`""` inside quotes is a quote)
//! but may not span lines.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{DesiredInput, DesiredLicenseInput};
use crate::error::{InputError, quote};
use crate::id::UserId;

/// Which column holds what.
struct Columns {
    user: usize,
    sku: usize,
    excluded: Option<usize>,
    count: usize,
}

/// Parses a CSV plan file into what [`resolve`](super::resolve) takes. Errors name the line.
pub fn parse_csv(text: &str) -> Result<DesiredInput, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((n, header)) = lines.next() else {
        return Err(InputError::new(
            "plan file",
            "is empty (expected a header: userId,skuId,excludedPlans)",
        ));
    };
    let columns = header_columns(n, header)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut out = DesiredInput::new();
    for (n, line) in lines {
        let field = format!("plan file line {n}");
        let cells = split_record(line).map_err(|m| InputError::new(&field, m))?;
        if cells.len() != columns.count {
            return Err(InputError::new(
                field,
                format!(
                    "has {} fields, the header has {}",
                    cells.len(),
                    columns.count
                ),
            ));
        }
        let user = cells[columns.user].clone();
        if !super::is_every_user(&user) {
            UserId::parse(&user)
                .map_err(|e| InputError::new(format!("{field} userId"), e.message))?;
        }
        let sku = cells[columns.sku].clone();
        let plans: Vec<String> = columns
            .excluded
            .map(|i| cells[i].as_str())
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if sku.is_empty() && !plans.is_empty() {
            return Err(InputError::new(field, "lists excluded plans but no SKU"));
        }
        let existed = out.contains_key(&user);
        let licenses = out.entry(user.clone()).or_default();
        // An entry with no license already there: an earlier "no license" row.
        let said_none = existed && licenses.is_empty();
        // The nearest earlier line of this user that matches (searched only for an error).
        let line_of = |same: &dyn Fn(&Row) -> bool| {
            rows.iter()
                .rev()
                .find(|r| r.user == user && same(r))
                .map_or(0, |r| r.line)
        };
        let conflict = if sku.is_empty() {
            if said_none {
                Some(format!(
                    "repeats line {} (user {} with no SKU)",
                    line_of(&|r| r.sku.is_empty()),
                    quote(&user)
                ))
            } else if !licenses.is_empty() {
                Some(format!(
                    "says {} holds no license, but line {} gives it one",
                    quote(&user),
                    line_of(&|r| !r.sku.is_empty())
                ))
            } else {
                None
            }
        } else if licenses.iter().any(|l| l.sku_id.eq_ignore_ascii_case(&sku)) {
            Some(format!(
                "repeats line {} (user {} SKU {})",
                line_of(&|r| r.sku.eq_ignore_ascii_case(&sku)),
                quote(&user),
                quote(&sku)
            ))
        } else if said_none {
            Some(format!(
                "gives {} a license, but line {} says it holds none",
                quote(&user),
                line_of(&|r| r.sku.is_empty())
            ))
        } else {
            licenses.push(DesiredLicenseInput {
                sku_id: sku.clone(),
                excluded_plans: (!plans.is_empty()).then_some(plans),
            });
            None
        };
        if let Some(message) = conflict {
            return Err(InputError::new(field, message));
        }
        rows.push(Row { line: n, user, sku });
    }
    Ok(out)
}

/// One data line, kept to name earlier lines in errors.
struct Row {
    line: usize,
    user: String,
    sku: String,
}

fn header_columns(n: usize, header: &str) -> Result<Columns, InputError> {
    let field = format!("plan file line {n} (header)");
    let names = split_record(header).map_err(|m| InputError::new(&field, m))?;
    let (mut user, mut sku, mut excluded) = (None, None, None);
    for (i, name) in names.iter().enumerate() {
        let slot = match name.to_ascii_lowercase().as_str() {
            "userid" | "user" | "upn" | "userprincipalname" => &mut user,
            "skuid" | "sku" | "skupartnumber" => &mut sku,
            "excludedplans" | "excluded" => &mut excluded,
            _ => {
                return Err(InputError::new(
                    field,
                    format!(
                        "unknown column {} (expected userId, skuId, excludedPlans)",
                        quote(name)
                    ),
                ));
            }
        };
        if slot.replace(i).is_some() {
            return Err(InputError::new(
                field,
                format!("column {} twice", quote(name)),
            ));
        }
    }
    match (user, sku) {
        (Some(user), Some(sku)) => Ok(Columns {
            user,
            sku,
            excluded,
            count: names.len(),
        }),
        _ => Err(InputError::new(
            field,
            "needs the columns userId and skuId (excludedPlans is optional)",
        )),
    }
}

/// Splits one CSV line into trimmed fields.
fn split_record(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut field = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    None => {
                        return Err("has an unterminated quote (fields cannot span lines)".into());
                    }
                    Some('"') if chars.next_if_eq(&'"').is_some() => field.push('"'),
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.peek() {
                None | Some(',') => {}
                Some(_) => return Err("has text after a closing quote".into()),
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                if c == '"' {
                    return Err("has a quote inside an unquoted field".into());
                }
                field.push(c);
            }
            field = field.trim().to_owned();
        }
        fields.push(field);
        if chars.next().is_none() {
            return Ok(fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sku: &str, plans: &[&str]) -> DesiredLicenseInput {
        DesiredLicenseInput {
            sku_id: sku.into(),
            excluded_plans: (!plans.is_empty())
                .then(|| plans.iter().map(|p| p.to_string()).collect()),
        }
    }

    #[test]
    fn reads_rows_plans_and_no_license_users() {
        let text = "\u{feff}# a comment\nUserId, SKU ,excludedPlans\r\n\
            ada@contoso.com,ENTERPRISEPACK,YAMMER_ENTERPRISE; SWAY\r\n\
            \n\
            ada@contoso.com,\"POWER_BI_PRO\",\n\
            bob@contoso.com,,\n\
            c9a3d1a6-4b6b-4a53-8a3b-3a2d0c6c2f10 , ENTERPRISEPACK , \n";
        let got = parse_csv(text).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(
            got["ada@contoso.com"],
            vec![
                one("ENTERPRISEPACK", &["YAMMER_ENTERPRISE", "SWAY"]),
                one("POWER_BI_PRO", &[])
            ]
        );
        assert!(got["bob@contoso.com"].is_empty());
        assert_eq!(
            got["c9a3d1a6-4b6b-4a53-8a3b-3a2d0c6c2f10"],
            vec![one("ENTERPRISEPACK", &[])]
        );
    }

    #[test]
    fn excluded_plans_column_is_optional_and_order_free() {
        let got = parse_csv("sku,user\nENTERPRISEPACK,ada@contoso.com\n").unwrap();
        assert_eq!(got["ada@contoso.com"], vec![one("ENTERPRISEPACK", &[])]);
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(
            split_record(r#" "a,b" , "say ""hi""",c "#).unwrap(),
            vec!["a,b", "say \"hi\"", "c"]
        );
        assert!(split_record(r#""open"#).is_err());
        assert!(split_record(r#""a"b,c"#).is_err());
        assert!(split_record(r#"a"b,c"#).is_err());
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, &str, &str)] = &[
            ("", "plan file", "empty"),
            ("# only\n\n", "plan file", "empty"),
            ("user,plan\n", "line 1", "unknown column"),
            ("sku,excludedPlans\n", "line 1", "needs the columns"),
            ("user,user,sku\n", "line 1", "twice"),
            ("user,sku\nada@contoso.com\n", "line 2", "has 1 fields"),
            (
                "user,sku\nnot a user,X\n",
                "line 2 userId",
                "user principal name",
            ),
            (
                "user,sku\nada@contoso.com,X\nbob@contoso.com,Y\nada@contoso.com,x\n",
                "line 4",
                "repeats line 2",
            ),
            (
                "user,sku,excludedPlans\nada@contoso.com,,SWAY\n",
                "line 2",
                "no SKU",
            ),
            (
                "user,sku\nada@contoso.com,X\nada@contoso.com,\n",
                "line 3",
                "holds no license, but line 2",
            ),
            (
                "user,sku\nada@contoso.com,\nada@contoso.com,X\n",
                "line 3",
                "line 2 says",
            ),
            ("user,sku\n\"ada@contoso.com,X\n", "line 2", "unterminated"),
            (
                "user,sku\nada@contoso.com,\nbob@contoso.com,\nada@contoso.com,\n",
                "line 4",
                "repeats line 2",
            ),
        ];
        for (text, field, msg) in cases {
            let e = parse_csv(text).unwrap_err();
            assert!(e.field.contains(field), "{text:?}: {e}");
            assert!(e.message.contains(msg), "{text:?}: {e}");
        }
    }
}
