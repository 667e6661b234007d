//! [`model!`]: the one place a resource is described. From one declaration it emits
//!
//! - the serde struct (camelCase names, the aliases, defaults, `None` left out when written);
//! - its [`Shape`] table ([`HasShape::SHAPE`]), what [`crate::shape::check`] reads bodies by;
//! - in native unit tests only, a `ts_rs::TS` derive, from which `src/model/ts.rs` writes
//!   `pkg/models.d.ts` (so neither ts-rs nor any TypeScript text reaches the `.wasm`).
//!
//! Each field starts with its kind:
//!
//! | kind | Rust type | JSON, read | JSON, written | shape | TypeScript |
//! |---|---|---|---|---|---|
//! | `required` | not `Option` | must be there, not `null` | always | required | `name: T` |
//! | `defaulted` | not `Option` | may be absent (then `Default`), not `null` | always | optional | `name: T` |
//! | `optional` | `Option<T>` | may be absent or `null` | left out when `None` | optional, nullable | `name?: T` |
//! | `nullable` | `Option<T>` | may be absent or `null` | left out when `None` | optional, nullable | `name?: T \| null` |
//!
//! then the field, its aliases (`alias "PascalName"`, any number) and its type. The JSON name
//! is the field's name in camelCase (serde's `rename_all = "camelCase"`, computed at compile
//! time for the shape table). A field type's shape comes from its [`HasShape`] impl: strings,
//! `i64`/`u64`, the GUID ids, license groups, `Vec`, `Option` and every model.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::id::{Guid, LicenseGroup, PlanId, SkuId};
use crate::shape::{HasShape, Shape};

impl HasShape for String {
    const SHAPE: &'static Shape = &Shape::Str;
}
impl HasShape for i64 {
    const SHAPE: &'static Shape = &Shape::I64;
}
impl HasShape for u64 {
    const SHAPE: &'static Shape = &Shape::U64;
}
impl HasShape for SkuId {
    const SHAPE: &'static Shape = &Shape::Guid;
}
impl HasShape for PlanId {
    const SHAPE: &'static Shape = &Shape::Guid;
}
impl HasShape for Guid {
    const SHAPE: &'static Shape = &Shape::Guid;
}
impl HasShape for LicenseGroup {
    const SHAPE: &'static Shape = &Shape::Group;
}
impl<T: HasShape> HasShape for Vec<T> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<T: HasShape> HasShape for Option<T> {
    const SHAPE: &'static Shape = T::SHAPE;
    const NULLABLE: bool = true;
}

/// The length of `snake` in camelCase (its underscores dropped).
#[doc(hidden)]
pub const fn camel_len(snake: &str) -> usize {
    let b = snake.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        if b[i] != b'_' {
            n += 1;
        }
        i += 1;
    }
    n
}

/// `snake` in camelCase, as serde's `rename_all = "camelCase"` writes a field name: the
/// first letter lower-cased, each letter after an underscore upper-cased, underscores dropped.
#[doc(hidden)]
pub const fn camel<const N: usize>(snake: &str) -> [u8; N] {
    let b = snake.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut j, mut upper) = (0, 0, false);
    while i < b.len() {
        let c = b[i];
        if c == b'_' {
            upper = true;
        } else {
            out[j] = if j == 0 {
                c.to_ascii_lowercase()
            } else if upper {
                c.to_ascii_uppercase()
            } else {
                c
            };
            upper = false;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Declares a model: the serde struct, its shape table and (in native tests) its
/// TypeScript type. See the [module docs](self) for the field kinds; e.g.
///
/// ```text
/// model! {
///     /// A thing.
///     #[derive(Clone, Debug, PartialEq, Eq)]
///     pub struct Thing {
///         /// Its name (also read as `Name`).
///         required pub name alias "Name": String,
///         /// How many.
///         defaulted pub item_count: u64,
///         /// Notes.
///         optional pub notes: Option<Vec<String>>,
///     }
/// }
/// ```
///
/// A field's type is taken token by token up to the next `,` (so it cannot hold a comma of
/// its own, e.g. a `HashMap<K, V>`): as a `ty` fragment it would reach ts-rs wrapped in an
/// invisible group, which ts-rs 12 does not look into when it adds `T: TS` bounds.
macro_rules! model {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$($gen:ident),+>)? { $($body:tt)* }
    ) => {
        $crate::model::describe::model!(@parse
            [[$(#[$meta])*] $vis $name [$($($gen)+)?]] [] $($body)*
        );
    };

    // Fields, one at a time: `{ kind [attributes] vis name [aliases] [type tokens] }`.
    (@parse $head:tt [$($fields:tt)*]) => {
        $crate::model::describe::model!(@emit $head $($fields)*);
    };
    (@parse $head:tt $fields:tt
        $(#[$m:meta])* $kind:ident $fvis:vis $field:ident $(alias $alias:literal)* : $($rest:tt)*
    ) => {
        $crate::model::describe::model!(@type $head $fields
            [$kind [$(#[$m])*] $fvis $field [$($alias)*]] [] $($rest)*
        );
    };
    (@type $head:tt [$($fields:tt)*] [$($field:tt)*] [$($ty:tt)+] , $($rest:tt)*) => {
        $crate::model::describe::model!(@parse $head
            [$($fields)* { $($field)* [$($ty)+] }] $($rest)*
        );
    };
    (@type $head:tt [$($fields:tt)*] [$($field:tt)*] [$($ty:tt)+]) => {
        $crate::model::describe::model!(@emit $head $($fields)* { $($field)* [$($ty)+] });
    };
    (@type $head:tt $fields:tt $field:tt [$($ty:tt)*] $next:tt $($rest:tt)*) => {
        $crate::model::describe::model!(@type $head $fields $field [$($ty)* $next] $($rest)*);
    };

    (@emit [[$($meta:tt)*] $vis:vis $name:ident [$($gen:ident)*]]
        $({ $kind:ident $m:tt $fvis:vis $field:ident [$($alias:literal)*] [$($ty:tt)+] })*
    ) => {
        $crate::model::describe::model!(@struct [
            $($meta)*
            #[derive(::serde::Serialize, ::serde::Deserialize)]
            #[serde(rename_all = "camelCase")]
            #[cfg_attr(all(test, not(target_arch = "wasm32")), derive(::ts_rs::TS))]
            $vis struct $name<$($gen),*>
        ] [] $({ $kind $m $fvis $field [$($alias)*] [$($ty)+] })*);

        impl<$($gen: $crate::shape::HasShape),*> $crate::shape::HasShape for $name<$($gen),*> {
            const SHAPE: &'static $crate::shape::Shape = &$crate::shape::Shape::Object(&[
                $(
                    $crate::shape::Field {
                        name: $crate::model::describe::model!(@name $field),
                        aliases: &[$($alias),*],
                        shape: *<$($ty)+ as $crate::shape::HasShape>::SHAPE,
                        optional: $crate::model::describe::model!(@absent $kind $($ty)+),
                        nullable: <$($ty)+ as $crate::shape::HasShape>::NULLABLE,
                    },
                )*
            ]);
        }
    };

    // The struct, one field at a time: each kind adds its serde and ts-rs attributes.
    (@struct [$($head:tt)*] [$($done:tt)*]) => {
        $($head)* { $($done)* }
    };
    (@struct $head:tt [$($done:tt)*]
        { required [$($m:tt)*] $fvis:vis $field:ident [$($alias:literal)*] [$($ty:tt)+] }
        $($rest:tt)*
    ) => {
        $crate::model::describe::model!(@struct $head [$($done)*
            $($m)*
            #[serde($(alias = $alias),*)]
            $fvis $field: $($ty)+,
        ] $($rest)*);
    };
    (@struct $head:tt [$($done:tt)*]
        { defaulted [$($m:tt)*] $fvis:vis $field:ident [$($alias:literal)*] [$($ty:tt)+] }
        $($rest:tt)*
    ) => {
        $crate::model::describe::model!(@struct $head [$($done)*
            $($m)*
            // A path rather than plain `default`, which would make serde require
            // `T: Default` of a generic model's parameter.
            #[serde(default = "::core::default::Default::default" $(, alias = $alias)*)]
            $fvis $field: $($ty)+,
        ] $($rest)*);
    };
    (@struct $head:tt [$($done:tt)*]
        { optional [$($m:tt)*] $fvis:vis $field:ident [$($alias:literal)*] [$($ty:tt)+] }
        $($rest:tt)*
    ) => {
        $crate::model::describe::model!(@struct $head [$($done)*
            $($m)*
            #[serde(
                default = "::core::default::Default::default",
                skip_serializing_if = "Option::is_none"
                $(, alias = $alias)*
            )]
            #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional))]
            $fvis $field: $($ty)+,
        ] $($rest)*);
    };
    (@struct $head:tt [$($done:tt)*]
        { nullable [$($m:tt)*] $fvis:vis $field:ident [$($alias:literal)*] [$($ty:tt)+] }
        $($rest:tt)*
    ) => {
        $crate::model::describe::model!(@struct $head [$($done)*
            $($m)*
            #[serde(
                default = "::core::default::Default::default",
                skip_serializing_if = "Option::is_none"
                $(, alias = $alias)*
            )]
            #[cfg_attr(all(test, not(target_arch = "wasm32")), ts(optional = nullable))]
            $fvis $field: $($ty)+,
        ] $($rest)*);
    };

    // The camelCase JSON name of a field, as a `&'static str` in a constant.
    (@name $field:ident) => {{
        const SNAKE: &str = stringify!($field);
        const BYTES: [u8; $crate::model::describe::camel_len(SNAKE)] =
            $crate::model::describe::camel::<{ $crate::model::describe::camel_len(SNAKE) }>(SNAKE);
        match ::core::str::from_utf8(&BYTES) {
            Ok(name) => name,
            Err(_) => panic!("a field name that is not UTF-8"),
        }
    }};

    // May a field of this kind be absent? A `required` or `defaulted` field must not be an
    // `Option` (serde reads a missing `Option` as `None` whatever the attributes say).
    (@absent required $($ty:tt)+) => {{
        assert!(
            !<$($ty)+ as $crate::shape::HasShape>::NULLABLE,
            "a `required` field cannot be an Option: make it `optional` or `nullable`"
        );
        false
    }};
    (@absent defaulted $($ty:tt)+) => {{
        assert!(
            !<$($ty)+ as $crate::shape::HasShape>::NULLABLE,
            "a `defaulted` field cannot be an Option: make it `optional` or `nullable`"
        );
        true
    }};
    (@absent optional $($ty:tt)+) => {
        true
    };
    (@absent nullable $($ty:tt)+) => {
        true
    };
}
pub(crate) use model;

#[cfg(test)]
mod tests {
    use crate::shape::{HasShape, Shape, check};

    model! {
        /// Field names that test the compile-time camelCase against serde's.
        #[derive(Debug, Default, PartialEq)]
        pub struct Names {
            required pub sku_part_number: String,
            defaulted pub x1_y2_z: u64,
            optional pub _leading alias "Leading" alias "LEADING": Option<String>,
            nullable pub trailing_: Option<Vec<i64>>,
        }
    }

    #[test]
    fn the_table_names_are_serdes_camel_case_names_then_the_aliases() {
        let Shape::Object(fields) = Names::SHAPE else {
            panic!("{:?}", Names::SHAPE);
        };
        let names: Vec<(&str, &[&str])> = fields.iter().map(|f| (f.name, f.aliases)).collect();
        assert_eq!(
            names,
            [
                ("skuPartNumber", &[][..]),
                ("x1Y2Z", &[]),
                ("leading", &["Leading", "LEADING"]),
                ("trailing", &[])
            ]
        );
        let full = Names {
            _leading: Some(String::new()),
            trailing_: Some(vec![]),
            ..Names::default()
        };
        let json = serde_json::to_value(&full).unwrap_or_default();
        let written: Vec<&str> = json
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut table: Vec<&str> = names.iter().map(|n| n.0).collect();
        table.sort_unstable();
        assert_eq!(written, table);
    }

    #[test]
    fn each_kind_reads_as_serde_does() {
        let cases: [(&str, bool); 10] = [
            (r#"{"skuPartNumber":"p"}"#, true),
            (r#"{}"#, false),
            (r#"{"skuPartNumber":null}"#, false),
            (r#"{"skuPartNumber":"p","x1Y2Z":null}"#, false),
            (r#"{"skuPartNumber":"p","x1Y2Z":-1}"#, false),
            (
                r#"{"skuPartNumber":"p","leading":null,"trailing":null}"#,
                true,
            ),
            (
                r#"{"skuPartNumber":"p","LEADING":"l","trailing":[1,-2]}"#,
                true,
            ),
            (r#"{"skuPartNumber":"p","Leading":1}"#, false),
            (r#"{"skuPartNumber":"p","trailing":[1.5]}"#, false),
            (r#"{"skuPartNumber":"p","trailing_":"ignored"}"#, true),
        ];
        for (body, ok) in cases {
            assert_eq!(check(body.as_bytes(), Names::SHAPE).is_ok(), ok, "{body}");
            assert_eq!(serde_json::from_str::<Names>(body).is_ok(), ok, "{body}");
        }
    }
}
