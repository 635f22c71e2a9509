//! Decoding stored facet attributes back into the typed `dibs::attrs::Attr`.
//!
//! facet stores unit attributes as `()`, string newtypes as `&'static str`, and the
//! rest as the grammar enum itself; this module hides that so readers match one enum.

use crate::attrs::Attr;

/// The dibs attributes among `attrs`, in declaration order.
pub fn dibs_attrs(attrs: &'static [facet::Attr]) -> Vec<Attr> {
    attrs
        .iter()
        .filter(|a| a.ns == Some("dibs"))
        .filter_map(decode)
        .collect()
}

fn decode(attr: &'static facet::Attr) -> Option<Attr> {
    let text = || attr.get_as::<&'static str>().copied();
    Some(match attr.key {
        "pk" => Attr::Pk,
        "unique" => Attr::Unique,
        "index" => Attr::Index,
        "unlogged" => Attr::Unlogged,
        "materialized" => Attr::Materialized,
        "view" => Attr::View(text()?),
        "query" => Attr::Query(text()?),
        "table" => Attr::Table(text()?),
        "schema" => Attr::Schema(text()?),
        "renamed_from" => Attr::RenamedFrom(text()?),
        "fk" => Attr::Fk(text()?),
        "on_delete" => Attr::OnDelete(text()?),
        "on_update" => Attr::OnUpdate(text()?),
        "default" => Attr::Default(text()?),
        "check" => Attr::Check(text()?),
        "column" => Attr::Column(text()?),
        "sql_type" => Attr::SqlType(text()?),
        "generated" => Attr::Generated(text()?),
        "enum_type" => Attr::EnumType(text()?),
        _ => attr.get_as::<Attr>()?.clone(),
    })
}
