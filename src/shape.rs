//! A fast, allocation-free check that a JSON body has the shape the models decode.
//!
//! The wasm shell lets JavaScript's own `JSON.parse` build the result objects (far faster
//! than building them field by field across the wasm boundary), so Rust only has to say
//! whether the body is one the typed decoders ([`crate::endpoint::Endpoint::decode`])
//! accept. [`check`] answers that in one pass over the bytes, without building values,
//! from a table per model ([`HasShape::SHAPE`]; [`LICENSES`], [`SUBSCRIBED_SKUS`],
//! [`LICENSE_UPDATE`] for the endpoints) that the `model!` declaration of each model
//! writes along with its serde struct: required fields, defaults, `null` where an `Option`
//! allows it, aliases, GUID ids, license groups, integer ranges, duplicate keys, unknown
//! fields skipped (but still checked to be JSON). A differential test holds the reader and
//! serde to the same answers on the same declarations (`tests/shape_vs_serde.rs`).

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::endpoint::{Endpoint, undecodable};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Collection, License, LicenseUpdate, SubscribedSku};

/// The shape of a JSON value.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// A GUID string (canonical hyphenated form).
    Guid,
    /// `group1` / `Group2`... (case-insensitive).
    Group,
    /// An integer in `i64`.
    I64,
    /// An integer in `u64`.
    U64,
    /// An array of the inner shape.
    Array(&'static Shape),
    /// An object with these known fields; others are skipped.
    Object(&'static [Field]),
}

/// A known field of an object.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Its camelCase name.
    pub name: &'static str,
    /// Other names it may go by (serde aliases).
    pub aliases: &'static [&'static str],
    /// Its shape.
    pub shape: Shape,
    /// May it be absent?
    pub optional: bool,
    /// May it be `null` (an `Option` in the model)?
    pub nullable: bool,
}

/// A type with a [`Shape`]: every model (`model!` in `src/model/describe.rs` writes the
/// impl from the model's own declaration, so the table cannot drift from the serde struct)
/// and the field types models use.
pub trait HasShape {
    /// The shape of its JSON.
    const SHAPE: &'static Shape;
    /// May the value be `null` (an `Option`)?
    const NULLABLE: bool = false;
}

/// `Collection<License>`.
pub static LICENSES: Shape = *<Collection<License> as HasShape>::SHAPE;

/// `Collection<SubscribedSku>`.
pub static SUBSCRIBED_SKUS: Shape = *<Collection<SubscribedSku> as HasShape>::SHAPE;

/// `LicenseUpdate`.
pub static LICENSE_UPDATE: Shape = *<LicenseUpdate as HasShape>::SHAPE;

/// An endpoint whose success body has a [`Shape`].
pub trait Shaped: Endpoint {
    /// The shape of the success body.
    const SHAPE: &'static Shape;

    /// Like [`Endpoint::decode`], without building the value: `Ok` exactly when `decode`
    /// would succeed; the same [`Error`] (kind, status, ids) otherwise.
    fn check(response: &HttpResponse) -> Result<(), Error> {
        Self::check_head(response)?;
        check(&response.body, Self::SHAPE).map_err(|e| undecodable(response, e.text()))
    }
}

/// Every endpoint whose output is a model.
impl<E: Endpoint> Shaped for E
where
    E::Output: HasShape,
{
    const SHAPE: &'static Shape = <E::Output as HasShape>::SHAPE;
}

/// Why a body does not fit: what, where (a JSON path) and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    /// What is wrong.
    pub message: String,
    /// Where, e.g. `$.items[3].productSku.id`.
    pub path: String,
    /// The byte offset in the body.
    pub offset: usize,
}

impl ShapeError {
    /// `<what> at <path> (byte <offset>)`.
    pub fn text(&self) -> String {
        crate::text::Text::new(&self.message)
            .push(" at ")
            .push(&self.path)
            .push(" (byte ")
            .num(self.offset as u64)
            .push(")")
            .done()
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// How deep unknown values may nest (serde_json's limit).
const MAX_DEPTH: usize = 128;

/// Checks that `body` is one JSON value of `shape` (surrounding whitespace allowed).
pub fn check(body: &[u8], shape: &Shape) -> Result<(), ShapeError> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
        depth: 0,
        skipping: false,
        // Each kept string's UTF-8 is checked as it is read (`Reader::plain_string`).
        utf8: false,
    };
    let result = r.value(shape).and_then(|()| {
        r.skip_ws();
        if r.pos < body.len() {
            Err(r.fail("trailing characters after the JSON value"))
        } else {
            Ok(())
        }
    });
    result.map_err(|mut e| {
        e.path.insert(0, '$');
        *e
    })
}

mod object;
mod reader;
mod scalar;
mod tree;

pub(crate) use tree::parse as parse_tree;

use reader::Reader;

#[cfg(test)]
mod tests;
