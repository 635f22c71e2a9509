//! SQL for types Postgres cannot alter in place while columns use them (an enum losing or
//! reordering values, a domain changing its base type, a composite reordering attributes):
//! the old type is renamed aside, the new one created, every column converted, and the old
//! type dropped.

use crate::change::{Change, DomainRebuild, TypeUse};
use crate::model::{CompositeType, Domain, RangeType};
use crate::quote::{Ident, MAX_IDENTIFIER_BYTES, QualifiedName};
use crate::render::{create_domain, literal_list, statements};

/// Suffix for the temporary name a type takes while it is being recreated.
pub const OLD_TYPE_SUFFIX: &str = "__dibs_old";

/// The name `name` is renamed to while its replacement is created. It must fit the
/// identifier limit without being cut back to `name` itself: a long name is shortened and
/// marked with a hash of the whole name, so two long names never meet.
pub(crate) fn aside(name: &QualifiedName) -> QualifiedName {
    name.sibling(temporary_name("", &name.name, OLD_TYPE_SUFFIX))
}

/// `prefix name suffix`, or when that is longer than an identifier may be, `name` cut
/// short and followed by a hash of the whole of it.
fn temporary_name(prefix: &str, name: &str, suffix: &str) -> String {
    let full = format!("{prefix}{name}{suffix}");
    if full.len() <= MAX_IDENTIFIER_BYTES {
        return full;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mark = format!("_{:08x}{suffix}", hash as u32);
    let base = truncate_identifier_to(name, MAX_IDENTIFIER_BYTES - prefix.len() - mark.len());
    format!("{prefix}{base}{mark}")
}

/// `text` cut to at most `limit` bytes on a character boundary.
fn truncate_identifier_to(text: &str, limit: usize) -> &str {
    let mut end = limit.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `ALTER COLUMN ... TYPE` for one use, with its default dropped before and restored after
/// (a default is stored against the old type).
fn convert_column(used: &TypeUse, using: &str, out: &mut Vec<String>) {
    let table = &used.column.table;
    let column = Ident(&used.column.column);
    if used.had_default {
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"
        ));
    }
    out.push(format!(
        "ALTER TABLE {table} ALTER COLUMN {column} TYPE {} USING {using}",
        used.ty
    ));
    if let Some(default) = &used.default {
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {default}"
        ));
    }
}

fn array_suffix(used: &TypeUse) -> &'static str {
    if used.ty.ends_with("[]") { "[]" } else { "" }
}

pub fn recreate_enum(
    name: &QualifiedName,
    values: &[String],
    uses: &[TypeUse],
    domains: &[DomainRebuild],
) -> Vec<String> {
    let old_name = aside(name);
    let mut out = vec![
        format!("ALTER TYPE {name} RENAME TO {}", Ident(&old_name.name)),
        format!("CREATE TYPE {name} AS ENUM ({})", literal_list(values)),
    ];
    // Domains over the enum follow it; their values go through text, as the enum's do.
    for rebuild in domains {
        out.extend(recreate_domain(&rebuild.domain, &rebuild.uses, "text"));
    }
    for used in uses {
        let column = Ident(&used.column.column);
        let using = format!("{column}::text{}::{}", array_suffix(used), used.ty);
        convert_column(used, &using, &mut out);
    }
    out.push(format!("DROP TYPE {old_name}"));
    out
}

/// `via` is the type a column's values pass through on their way to the new domain: its
/// new base type, or text when the base type is itself being recreated.
pub fn recreate_domain(new: &Domain, uses: &[TypeUse], via: &str) -> Vec<String> {
    let name = &new.name;
    let old_name = aside(name);
    let mut out = vec![format!(
        "ALTER DOMAIN {name} RENAME TO {}",
        Ident(&old_name.name)
    )];
    out.extend(create_domain(new));
    if let Some(comment) = &new.comment {
        out.push(crate::render::comment_on(
            &crate::change::CommentTarget::Domain(name.clone()),
            Some(comment),
        ));
    }
    for used in uses {
        // The old domain's values are cast to `via`, then checked against the new domain.
        let column = Ident(&used.column.column);
        let array = array_suffix(used);
        let using = format!("{column}::{via}{array}::{}", used.ty);
        convert_column(used, &using, &mut out);
    }
    out.push(format!("DROP DOMAIN {old_name}"));
    out
}

/// A composite value of the old type as the new type: attributes kept by name carry over
/// (cast to their new type), new ones start NULL.
fn converted_row(value: &str, old: &CompositeType, new: &CompositeType) -> String {
    let fields: Vec<String> = new
        .attributes
        .iter()
        .map(|a| match old.attributes.iter().any(|o| o.name == a.name) {
            true => format!("({value}).{}::{}", Ident(&a.name), a.ty),
            false => format!("NULL::{}", a.ty),
        })
        .collect();
    format!(
        "CASE WHEN {value} IS NULL THEN NULL ELSE ROW({})::{} END",
        fields.join(", "),
        new.name
    )
}

/// Dollar-quotes `body` with a tag it does not contain.
fn dollar_quoted(body: &str) -> String {
    let mut tag = "$dibs$".to_string();
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$dibs{n}$");
    }
    format!("{tag}{body}{tag}")
}

pub fn recreate_composite(
    old: &CompositeType,
    new: &CompositeType,
    uses: &[TypeUse],
) -> Vec<String> {
    let name = &new.name;
    let old_name = aside(name);
    let mut out = vec![
        format!("ALTER TYPE {name} RENAME TO {}", Ident(&old_name.name)),
        statements(&Change::CreateComposite(new.clone())).remove(0),
    ];
    // A conversion cannot use a subquery, so arrays go through a temporary function that
    // converts each element (the array comes back one-dimensional, in element order).
    let convert = format!(
        "pg_temp.{}",
        Ident(&temporary_name("dibs_convert_", &name.name, ""))
    );
    let arrays = uses.iter().any(|u| !array_suffix(u).is_empty());
    if arrays {
        // By subscript: unnest would expand each composite element into its attributes.
        let element = converted_row("vs[i]", old, new);
        out.push(format!(
            "CREATE FUNCTION {convert}(vs {old_name}[]) RETURNS {name}[] LANGUAGE sql IMMUTABLE AS {}",
            dollar_quoted(&format!(
                "SELECT CASE WHEN vs IS NULL THEN NULL ELSE ARRAY(SELECT {element} \
                 FROM pg_catalog.generate_subscripts(vs, 1) AS i ORDER BY i) END"
            ))
        ));
    }
    for used in uses {
        let column = Ident(&used.column.column).to_string();
        let using = match array_suffix(used) {
            "" => converted_row(&column, old, new),
            _ => format!("{convert}({column})"),
        };
        convert_column(used, &using, &mut out);
    }
    if arrays {
        out.push(format!("DROP FUNCTION {convert}({old_name}[])"));
    }
    out.push(format!("DROP TYPE {old_name}"));
    out
}

/// A range cannot be renamed aside like the other types (its constructor functions keep
/// the name), so its columns wait as text: converted to it, the old range dropped, the
/// new one created, the columns converted back. Both definitions read the text form the
/// same way (`[1,5)`); a value the new subtype cannot hold fails the migration.
pub fn recreate_range(old: &RangeType, new: &RangeType, uses: &[TypeUse]) -> Vec<String> {
    let mut out = Vec::new();
    for used in uses {
        let (table, column) = (&used.column.table, Ident(&used.column.column));
        if used.had_default {
            out.push(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"
            ));
        }
        let text = format!("text{}", array_suffix(used));
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {text} USING {column}::{text}"
        ));
    }
    out.push(format!("DROP TYPE {}", old.name));
    out.push(statements(&Change::CreateRange(new.clone())).remove(0));
    for used in uses {
        let (table, column) = (&used.column.table, Ident(&used.column.column));
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {column} TYPE {ty} USING {column}::{ty}",
            ty = used.ty
        ));
        if let Some(default) = &used.default {
            out.push(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {default}"
            ));
        }
    }
    out
}

#[cfg(test)]
mod aside_tests {
    use super::{OLD_TYPE_SUFFIX, aside};
    use crate::quote::{MAX_IDENTIFIER_BYTES, QualifiedName};

    #[test]
    fn temporary_names_fit_and_differ_from_the_original() {
        let short = QualifiedName::new("public", "mood");
        assert_eq!(aside(&short).name, "mood__dibs_old");
        let long = "a".repeat(63);
        let other = format!("{}b", "a".repeat(62));
        let (a, b) = (
            aside(&QualifiedName::new("public", long.clone())),
            aside(&QualifiedName::new("public", other)),
        );
        assert!(a.name.len() <= MAX_IDENTIFIER_BYTES, "{}", a.name);
        assert!(a.name.ends_with(OLD_TYPE_SUFFIX) && a.name != long);
        assert_ne!(a.name, b.name);
        let unicode = QualifiedName::new("public", "é".repeat(31));
        assert!(aside(&unicode).name.len() <= MAX_IDENTIFIER_BYTES);
    }
}
