//! Privileges from the catalog's ACL columns (`relacl`, `attacl`, `proacl`, `typacl`,
//! `nspacl`, `pg_default_acl`), read only when privileges are managed.
//!
//! `aclexplode` turns each ACL into rows; the owner's rights on its own object are left
//! out (owners differ between environments), and an object whose remaining rights are
//! the kind's default has no ACL in the model. A NULL ACL is the default and is not read
//! at all. Each object comes with a row even when nothing but its owner holds anything
//! (the LEFT JOIN), which tells "`PUBLIC` revoked" apart from "never changed".

use std::collections::BTreeMap;

use dibs_schema::{
    Acl, AclItem, ColumnRef, DefaultAcl, DefaultAclKey, DefaultObjects, FunctionName, Privilege,
    PrivilegeTarget, QualifiedName, Schema,
};
use tokio_postgres::Row;

use super::cell::at;
use crate::error::DbError;

/// Every non-default ACL of a managed object, one row per right.
pub const PRIVILEGES: &str = "
    SELECT x.kind, x.schema, x.name, x.sub,
           CASE WHEN a.grantee = 0 THEN 'public'
                ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END AS grantee,
           a.privilege_type, a.is_grantable
      FROM (
        SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END AS kind,
               n.nspname::text AS schema, c.relname::text AS name, NULL::text AS sub,
               c.relowner AS owner, c.relacl AS acl,
               'pg_catalog.pg_class'::pg_catalog.regclass AS classid, c.oid AS objid
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           AND n.nspname = ANY($1)
        UNION ALL
        SELECT 'column', n.nspname::text, c.relname::text, at.attname::text, c.relowner,
               at.attacl, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
          FROM pg_catalog.pg_attribute at
          JOIN pg_catalog.pg_class c ON c.oid = at.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE at.attacl IS NOT NULL AND at.attnum > 0 AND NOT at.attisdropped
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY($1)
        UNION ALL
        SELECT 'routine', n.nspname::text, p.proname::text,
               pg_catalog.pg_get_function_identity_arguments(p.oid), p.proowner, p.proacl,
               'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE p.proacl IS NOT NULL AND n.nspname = ANY($1)
        UNION ALL
        SELECT 'type', n.nspname::text, t.typname::text, NULL, t.typowner, t.typacl,
               'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
          FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
          LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
         WHERE t.typacl IS NOT NULL AND n.nspname = ANY($1)
           AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
        UNION ALL
        SELECT 'schema', n.nspname::text, NULL, NULL, n.nspowner, n.nspacl,
               'pg_catalog.pg_namespace'::pg_catalog.regclass, n.oid
          FROM pg_catalog.pg_namespace n
         WHERE n.nspacl IS NOT NULL AND n.nspname = ANY($1)
      ) x
      LEFT JOIN LATERAL pg_catalog.aclexplode(x.acl) a ON a.grantee <> x.owner
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = x.classid AND d.objid = x.objid
                          AND d.deptype IN ('e', 'i') OFFSET 0)
     ORDER BY 1, 2, 3, 4, 5, 6";

/// `ALTER DEFAULT PRIVILEGES` entries everywhere or in a managed schema.
pub const DEFAULT_PRIVILEGES: &str = "
    SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text, n.nspname::text,
           d.defaclobjtype::text,
           CASE WHEN a.grantee = 0 THEN 'public'
                ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
           a.privilege_type, a.is_grantable
      FROM pg_catalog.pg_default_acl d
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
      LEFT JOIN LATERAL pg_catalog.aclexplode(d.defaclacl) a ON a.grantee <> d.defaclrole
     WHERE d.defaclnamespace = 0 OR n.nspname = ANY($1)
     ORDER BY 1, 2, 3, 4, 5";

/// Every role of the server, to refuse grants to one it does not have.
pub const ROLES: &str = "SELECT rolname::text FROM pg_catalog.pg_roles ORDER BY 1";

fn privilege(
    row: &Row,
    index: usize,
    object: &dyn std::fmt::Display,
) -> Result<Privilege, DbError> {
    let name: String = at(row, index, object)?;
    Privilege::from_catalog(&name).ok_or_else(|| DbError::Client {
        doing: format!("reading the privileges on {object} from pg_catalog"),
        reason: format!("privilege {name:?} is not one this version of dibs knows"),
    })
}

/// The right in columns `4..7` of a row, if the row has one.
fn item(row: &Row, object: &dyn std::fmt::Display) -> Result<Option<AclItem>, DbError> {
    let Some(grantee) = at::<Option<String>>(row, 4, object)? else {
        return Ok(None);
    };
    Ok(Some(AclItem {
        grantee,
        privilege: privilege(row, 5, object)?,
        grantable: at(row, 6, object)?,
    }))
}

fn target(row: &Row) -> Result<PrivilegeTarget, DbError> {
    let what = &"an object's privileges";
    let kind: String = at(row, 0, what)?;
    let schema: String = at(row, 1, what)?;
    let name = || -> Result<QualifiedName, DbError> {
        Ok(QualifiedName::new(
            schema.clone(),
            at::<String>(row, 2, what)?,
        ))
    };
    Ok(match kind.as_str() {
        "table" => PrivilegeTarget::Table(name()?),
        "sequence" => PrivilegeTarget::Sequence(name()?),
        "type" => PrivilegeTarget::Type(name()?),
        "schema" => PrivilegeTarget::Schema(schema.clone()),
        "column" => PrivilegeTarget::Column(ColumnRef {
            table: name()?,
            column: at(row, 3, what)?,
        }),
        "routine" => PrivilegeTarget::Routine(FunctionName {
            name: name()?,
            arguments: at(row, 3, what)?,
        }),
        other => {
            return Err(DbError::Client {
                doing: "reading privileges from pg_catalog".into(),
                reason: format!("unexpected object kind {other:?}"),
            });
        }
    })
}

/// The ACLs of `PRIVILEGES` rows, without those equal to their kind's default.
pub fn acls(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    let mut acls: BTreeMap<PrivilegeTarget, Vec<AclItem>> = BTreeMap::new();
    for row in rows {
        let target = target(row)?;
        let item = item(row, &target)?;
        let items = acls.entry(target).or_default();
        items.extend(item);
    }
    schema.privileges = acls
        .into_iter()
        .filter_map(|(target, mut items)| {
            items.sort();
            items.dedup();
            (items != target.hardwired_default()).then_some(Acl { target, items })
        })
        .collect();
    Ok(())
}

/// The entries of `DEFAULT_PRIVILEGES` rows.
pub fn default_acls(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    let what = &"default privileges";
    let mut entries: BTreeMap<DefaultAclKey, Vec<AclItem>> = BTreeMap::new();
    for row in rows {
        let letter: String = at(row, 2, what)?;
        let objects = letter
            .chars()
            .next()
            .and_then(DefaultObjects::from_catalog)
            .ok_or_else(|| DbError::Client {
                doing: "reading default privileges from pg_catalog".into(),
                reason: format!("object type {letter:?} is not one this version of dibs knows"),
            })?;
        let key = DefaultAclKey {
            role: at(row, 0, what)?,
            schema: at(row, 1, what)?,
            objects,
        };
        let grantee: Option<String> = at(row, 3, what)?;
        let items = entries.entry(key).or_default();
        if let Some(grantee) = grantee {
            items.push(AclItem {
                grantee,
                privilege: privilege(row, 4, what)?,
                grantable: at(row, 5, what)?,
            });
        }
    }
    schema.default_privileges = entries
        .into_iter()
        .map(|(key, mut items)| {
            items.sort();
            DefaultAcl { key, items }
        })
        .collect();
    Ok(())
}

pub fn roles(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    schema.roles = rows
        .iter()
        .map(|row| at(row, 0, &"a role"))
        .collect::<Result<_, _>>()?;
    Ok(())
}
