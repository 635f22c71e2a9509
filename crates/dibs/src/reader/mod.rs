//! Reading facet shapes of registered table structs into the schema model.

mod attr;
mod naming;
mod types;
mod view;

use std::collections::BTreeMap;

use dibs_schema::{
    Column, ForeignKey, Identity, Index, IndexKey, KeyConstraint, NamedDefinition, QualifiedName,
    ReferentialAction, Schema, SequenceOptions, SqlDeclaration, Table,
};
use facet::{Field, Shape, Type, UserType};

use crate::attrs::Attr;
use crate::error::DeclarationError;
use crate::register::{ExtensionDecl, SqlDecl, TableDecl};
use attr::dibs_attrs;
use naming::{key_names, object_name};
use types::{column_type, doc_comment};

/// Every table, view, function and trigger registered in this binary, as a schema model
/// (before server normalization).
pub fn collect_schema() -> Result<Schema, Vec<DeclarationError>> {
    let mut schema = schema_from_shapes(inventory::iter::<TableDecl>().map(|decl| decl.shape))?;
    let mut sql: Vec<&SqlDecl> = inventory::iter::<SqlDecl>().collect();
    // inventory's order is the linker's: sort for stable plans and errors.
    sql.sort_by_key(|d| (d.file, d.line));
    schema
        .declarations
        .extend(sql.into_iter().map(|d| SqlDeclaration {
            kind: d.kind,
            sql: d.sql.to_string(),
            origin: format!("{}:{}", d.file, d.line),
            view: None,
            comment: None,
            columns: Vec::new(),
        }));
    add_extensions(&mut schema, inventory::iter::<ExtensionDecl>())?;
    Ok(schema)
}

/// The declared extensions; the same one declared twice must agree.
fn add_extensions<'a>(
    schema: &mut Schema,
    declared: impl Iterator<Item = &'a ExtensionDecl>,
) -> Result<(), Vec<DeclarationError>> {
    let mut origins: BTreeMap<&str, String> = BTreeMap::new();
    let mut declared: Vec<&ExtensionDecl> = declared.collect();
    declared.sort_by_key(|d| (d.file, d.line));
    for decl in declared {
        let origin = format!("{}:{}", decl.file, decl.line);
        let extension = dibs_schema::Extension {
            name: decl.name.to_string(),
            schema: decl.schema.to_string(),
            version: decl.version.map(str::to_string),
        };
        match schema.extensions.get(decl.name) {
            Some(existing) if *existing != extension => {
                return Err(vec![DeclarationError::ConflictingExtension {
                    name: decl.name.to_string(),
                    first: origins.get(decl.name).cloned().unwrap_or_default(),
                    second: origin,
                }]);
            }
            Some(_) => {}
            None => {
                origins.insert(decl.name, origin);
                schema.extensions.insert(decl.name.to_string(), extension);
            }
        }
    }
    Ok(())
}

/// Builds a schema from table shapes; every declaration error is reported, not just the first.
pub fn schema_from_shapes(
    shapes: impl IntoIterator<Item = &'static Shape>,
) -> Result<Schema, Vec<DeclarationError>> {
    let mut schema = Schema {
        schemas: vec!["public".to_string()],
        ..Schema::default()
    };
    let mut owners: BTreeMap<QualifiedName, String> = BTreeMap::new();
    let mut enum_owners: BTreeMap<QualifiedName, String> = BTreeMap::new();
    let mut errors = Vec::new();
    for shape in shapes {
        let rust_type = shape.type_identifier.to_string();
        let table = match TableReader::new(shape).and_then(TableReader::read) {
            Ok(table) => table,
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        for enum_type in table.enums {
            match schema.enums.get(&enum_type.name) {
                Some(existing) if existing.values != enum_type.values => {
                    errors.push(DeclarationError::ConflictingEnum {
                        name: enum_type.name.to_string(),
                        first: enum_owners[&enum_type.name].clone(),
                        second: rust_type.clone(),
                    })
                }
                Some(_) => {}
                None => {
                    enum_owners.insert(enum_type.name.clone(), rust_type.clone());
                    schema.enums.insert(enum_type.name.clone(), enum_type);
                }
            }
        }
        let table = table.table;
        if !schema.schemas.contains(&table.name.schema) {
            schema.schemas.push(table.name.schema.clone());
        }
        match view::declaration(shape, &table) {
            Ok(Some(declaration)) => {
                schema.declarations.push(declaration);
                continue;
            }
            Ok(None) => {}
            Err(err) => {
                errors.push(err);
                continue;
            }
        }
        if let Some(first) = owners.get(&table.name) {
            errors.push(DeclarationError::DuplicateTable {
                table: table.name.to_string(),
                first: first.clone(),
                second: rust_type,
            });
            continue;
        }
        owners.insert(table.name.clone(), rust_type);
        schema.tables.insert(table.name.clone(), table);
    }
    if errors.is_empty() {
        Ok(schema)
    } else {
        Err(errors)
    }
}

struct ReadTable {
    table: Table,
    enums: Vec<dibs_schema::EnumType>,
}

struct TableReader {
    shape: &'static Shape,
    fields: &'static [Field],
    table: Table,
    enums: Vec<dibs_schema::EnumType>,
    pk_columns: Vec<String>,
}

fn referential_action(text: &str) -> Option<ReferentialAction> {
    Some(match text.to_ascii_lowercase().replace('_', " ").trim() {
        "cascade" => ReferentialAction::Cascade,
        "restrict" => ReferentialAction::Restrict,
        "set null" => ReferentialAction::SetNull,
        "set default" => ReferentialAction::SetDefault,
        "no action" => ReferentialAction::NoAction,
        _ => return None,
    })
}

/// Default identity sequence options for a column type, as Postgres fills them in.
fn identity_options(sql_type: &str) -> SequenceOptions {
    let max_value = match sql_type {
        "smallint" => i16::MAX as i64,
        "integer" => i32::MAX as i64,
        _ => i64::MAX,
    };
    SequenceOptions {
        data_type: sql_type.to_string(),
        increment: 1,
        min_value: 1,
        max_value,
        start: 1,
        cache: 1,
        cycle: false,
    }
}

fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        items.push(current.trim().to_string());
    }
    items
}

impl TableReader {
    fn new(shape: &'static Shape) -> Result<TableReader, DeclarationError> {
        let rust_type = shape.type_identifier.to_string();
        let Type::User(UserType::Struct(st)) = shape.ty else {
            return Err(DeclarationError::NotAStruct { rust_type });
        };
        let attrs = dibs_attrs(shape.attributes);
        let name = attrs.iter().find_map(|a| match a {
            Attr::Table(name) | Attr::View(name) => Some(*name),
            _ => None,
        });
        let Some(name) = name else {
            return Err(DeclarationError::MissingTableName { rust_type });
        };
        let schema = attrs
            .iter()
            .find_map(|a| match a {
                Attr::Schema(s) => Some(*s),
                _ => None,
            })
            .unwrap_or("public");
        Ok(TableReader {
            shape,
            fields: st.fields,
            table: Table::new(QualifiedName::new(schema, name)),
            enums: Vec::new(),
            pk_columns: Vec::new(),
        })
    }

    fn read(mut self) -> Result<ReadTable, DeclarationError> {
        self.table.comment = doc_comment(self.shape.doc);
        for field in self.fields {
            self.field(field)?;
        }
        if !self.pk_columns.is_empty() {
            self.table.primary_key = Some(KeyConstraint {
                name: object_name(&self.table.name.name, "", "pkey"),
                columns: std::mem::take(&mut self.pk_columns),
                definition: None,
                comment: None,
            });
        }
        for attr in dibs_attrs(self.shape.attributes) {
            if let Attr::Inherits(parent) = attr {
                let parent = self.parent(parent)?;
                self.table.inherits.push(parent);
            }
            self.table_attr(attr);
        }
        Ok(ReadTable {
            table: self.table,
            enums: self.enums,
        })
    }

    fn error_context(&self, field: &Field) -> (String, String) {
        (
            self.shape.type_identifier.to_string(),
            field.name.to_string(),
        )
    }

    fn field(&mut self, field: &'static Field) -> Result<(), DeclarationError> {
        let attrs = dibs_attrs(field.attributes);
        let column_name = attrs
            .iter()
            .find_map(|a| match a {
                Attr::Column(name) => Some(name.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| field.name.to_string());
        let override_type = attrs.iter().find_map(|a| match a {
            Attr::SqlType(ty) => Some(ty.to_string()),
            _ => None,
        });
        let mapped = column_type(field.shape(), &self.table.name.schema);
        let (ty, nullable) = match (override_type, mapped) {
            (Some(ty), mapped) => (ty, mapped.is_some_and(|m| m.nullable)),
            (None, Some(mapped)) => {
                if let Some(enum_type) = mapped.enum_type.clone() {
                    self.enums.push(enum_type);
                }
                (mapped.sql, mapped.nullable)
            }
            (None, None) => {
                let (rust_type, field_name) = self.error_context(field);
                return Err(DeclarationError::UnsupportedType {
                    rust_type,
                    field: field_name,
                    field_type: field.shape().to_string(),
                });
            }
        };
        let mut column = Column::new(column_name.clone(), ty);
        column.not_null = !nullable;
        column.comment = doc_comment(field.doc);
        let mut fk: Option<ForeignKey> = None;
        for attr in &attrs {
            self.field_attr(field, &mut column, &mut fk, attr)?;
        }
        if let Some(fk) = fk {
            self.table.foreign_keys.push(fk);
        }
        self.table.columns.push(column);
        Ok(())
    }

    fn field_attr(
        &mut self,
        field: &Field,
        column: &mut Column,
        fk: &mut Option<ForeignKey>,
        attr: &Attr,
    ) -> Result<(), DeclarationError> {
        let table = self.table.name.name.clone();
        let name = column.name.clone();
        match attr {
            Attr::Pk => {
                column.not_null = true;
                self.pk_columns.push(name);
            }
            Attr::Unique => self.table.uniques.push(KeyConstraint {
                name: object_name(&table, &name, "key"),
                columns: vec![name],
                definition: None,
                comment: None,
            }),
            Attr::Index => self.table.indexes.push(Index {
                name: object_name(&table, &name, "idx"),
                unique: false,
                method: "btree".into(),
                keys: vec![IndexKey {
                    definition: dibs_schema::Ident(&name).to_string(),
                }],
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
                options: Vec::new(),
                comment: None,
                valid: true,
            }),
            Attr::Fk(target) => *fk = Some(self.foreign_key(field, &name, target)?),
            Attr::OnDelete(action) | Attr::OnUpdate(action) => {
                // Validated here; `foreign_key` applies them, whatever the attribute order.
                if referential_action(action).is_none() {
                    let (rust_type, field) = self.error_context(field);
                    return Err(DeclarationError::BadAction {
                        rust_type,
                        field,
                        action: action.to_string(),
                    });
                }
            }
            Attr::Default(expr) => column.default = Some(expr.to_string()),
            Attr::Collate(name) => column.collation = Some(self.collation(field, name)?),
            Attr::Check(expr) => self.table.checks.push(NamedDefinition {
                name: object_name(&table, &name, "check"),
                definition: format!("CHECK ({expr})"),
                comment: None,
            }),
            Attr::Identity(kind) => {
                let always = match kind {
                    None => false,
                    Some(k) if k.eq_ignore_ascii_case("always") => true,
                    Some(k) if k.eq_ignore_ascii_case("by default") => false,
                    Some(other) => {
                        let (rust_type, field) = self.error_context(field);
                        return Err(DeclarationError::BadIdentity {
                            rust_type,
                            field,
                            value: other.to_string(),
                        });
                    }
                };
                column.not_null = true;
                column.identity = Some(Identity {
                    always,
                    options: identity_options(&column.ty),
                });
            }
            Attr::Generated(expr) => column.generated = Some(expr.to_string()),
            Attr::RenamedFrom(previous) => column.renamed_from = Some(previous.to_string()),
            Attr::Column(_) | Attr::SqlType(_) => {}
            Attr::Table(_)
            | Attr::Schema(_)
            | Attr::UniqueKey(_)
            | Attr::IndexOn(_)
            | Attr::CheckConstraint(_)
            | Attr::Unlogged
            | Attr::Inherits(_)
            | Attr::RowLevelSecurity
            | Attr::ForceRowLevelSecurity
            | Attr::EnumType(_)
            | Attr::View(_)
            | Attr::Query(_)
            | Attr::Materialized => {}
        }
        Ok(())
    }

    fn foreign_key(
        &self,
        field: &Field,
        column: &str,
        target: &str,
    ) -> Result<ForeignKey, DeclarationError> {
        let parts = split_dotted(target).unwrap_or_default();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let (schema, table, referenced) = match parts.as_slice() {
            [table, column] => (self.table.name.schema.as_str(), *table, *column),
            [schema, table, column] => (*schema, *table, *column),
            _ => {
                let (rust_type, field) = self.error_context(field);
                return Err(DeclarationError::BadForeignKey {
                    rust_type,
                    field,
                    target: target.to_string(),
                });
            }
        };
        let attrs = dibs_attrs(field.attributes);
        let action = |delete: bool| {
            attrs
                .iter()
                .find_map(|a| match (a, delete) {
                    (Attr::OnDelete(x), true) | (Attr::OnUpdate(x), false) => referential_action(x),
                    _ => None,
                })
                .unwrap_or(ReferentialAction::NoAction)
        };
        Ok(ForeignKey {
            name: object_name(&self.table.name.name, column, "fkey"),
            columns: vec![column.to_string()],
            references: QualifiedName::new(schema, table),
            referenced_columns: vec![referenced.to_string()],
            on_delete: action(true),
            on_delete_columns: Vec::new(),
            on_update: action(false),
            deferrable: false,
            initially_deferred: false,
            match_full: false,
            validated: true,
            comment: None,
        })
    }

    /// A `dibs::inherits` parent, in the table's schema unless named with its own.
    fn parent(&self, text: &str) -> Result<QualifiedName, DeclarationError> {
        let parts = split_dotted(text).unwrap_or_default();
        match parts.as_slice() {
            [table] => Ok(QualifiedName::new(
                self.table.name.schema.clone(),
                table.clone(),
            )),
            [schema, table] => Ok(QualifiedName::new(schema.clone(), table.clone())),
            _ => Err(DeclarationError::BadParent {
                rust_type: self.shape.type_identifier.to_string(),
                parent: text.to_string(),
            }),
        }
    }

    /// A collation name quoted for `COLLATE`; an unqualified one is found on the search
    /// path, as Postgres does (`C` is `pg_catalog."C"`).
    fn collation(&self, field: &Field, text: &str) -> Result<String, DeclarationError> {
        match split_dotted(text).unwrap_or_default().as_slice() {
            [name] => Ok(dibs_schema::Ident(name).to_string()),
            [schema, name] => Ok(QualifiedName::new(schema.clone(), name.clone()).to_string()),
            _ => {
                let (rust_type, field) = self.error_context(field);
                Err(DeclarationError::BadCollation {
                    rust_type,
                    field,
                    collation: text.to_string(),
                })
            }
        }
    }

    fn table_attr(&mut self, attr: Attr) {
        let table = self.table.name.name.clone();
        match attr {
            Attr::UniqueKey(key) => {
                let columns = split_list(key.columns);
                let definition = key.nulls_not_distinct.then(|| {
                    format!(
                        "UNIQUE NULLS NOT DISTINCT ({})",
                        dibs_schema::ident_list(&columns)
                    )
                });
                self.table.uniques.push(KeyConstraint {
                    name: key
                        .name
                        .map(str::to_string)
                        .unwrap_or_else(|| object_name(&table, &columns.join("_"), "key")),
                    columns,
                    definition,
                    comment: None,
                });
            }
            Attr::IndexOn(index) => {
                let keys = split_list(index.columns);
                let label = if index.unique { "key" } else { "idx" };
                self.table.indexes.push(Index {
                    name: index
                        .name
                        .map(str::to_string)
                        .unwrap_or_else(|| object_name(&table, &key_names(&keys), label)),
                    unique: index.unique,
                    method: index.method.unwrap_or("btree").to_string(),
                    keys: keys
                        .into_iter()
                        .map(|definition| IndexKey { definition })
                        .collect(),
                    include: index.include.map(split_list).unwrap_or_default(),
                    predicate: index.predicate.map(|p| format!("({p})")),
                    nulls_not_distinct: false,
                    options: Vec::new(),
                    comment: None,
                    valid: true,
                });
            }
            Attr::CheckConstraint(check) => {
                let n = self.table.checks.len();
                let default_name = if n == 0 {
                    object_name(&table, "", "check")
                } else {
                    object_name(&table, "", &format!("check{n}"))
                };
                self.table.checks.push(NamedDefinition {
                    name: check.name.map(str::to_string).unwrap_or(default_name),
                    definition: format!("CHECK ({})", check.expr),
                    comment: None,
                });
            }
            Attr::Unlogged => self.table.unlogged = true,
            Attr::RowLevelSecurity => self.table.row_level_security = true,
            Attr::ForceRowLevelSecurity => {
                // Forcing policies on the owner means nothing unless they are enforced.
                self.table.row_level_security = true;
                self.table.force_row_level_security = true;
            }
            Attr::RenamedFrom(previous) => self.table.renamed_from = Some(previous.to_string()),
            Attr::Table(_)
            | Attr::Schema(_)
            | Attr::Pk
            | Attr::Unique
            | Attr::Index
            | Attr::Fk(_)
            | Attr::Inherits(_)
            | Attr::OnDelete(_)
            | Attr::OnUpdate(_)
            | Attr::Default(_)
            | Attr::Check(_)
            | Attr::Collate(_)
            | Attr::Column(_)
            | Attr::SqlType(_)
            | Attr::Identity(_)
            | Attr::Generated(_)
            | Attr::EnumType(_)
            | Attr::View(_)
            | Attr::Query(_)
            | Attr::Materialized => {}
        }
    }
}

/// `a.b.c` into its names; a name in double quotes may hold dots and `""` for a quote, as
/// in SQL (`"my.schema"."odd ""table""".id`). Unquoted names are taken as written. `None`
/// for an unclosed quote or an empty name.
fn split_dotted(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut name = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        name.push('"');
                    }
                    '"' => break,
                    c => name.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                name.push(c);
                chars.next();
            }
            name = name.trim().to_string();
        }
        if name.is_empty() {
            return None;
        }
        parts.push(name);
        match chars.next() {
            None => return Some(parts),
            Some('.') => {}
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod dotted_tests {
    use super::split_dotted;

    #[test]
    fn quoted_names_keep_their_dots_and_quotes() {
        assert_eq!(split_dotted("users.id").unwrap(), ["users", "id"]);
        assert_eq!(
            split_dotted("\"my.schema\".\"odd \"\"t\"\"\".id").unwrap(),
            ["my.schema", "odd \"t\"", "id"]
        );
        assert!(split_dotted("\"open.id").is_none());
        assert!(split_dotted("a..b").is_none());
        assert!(split_dotted("\"a\"x.b").is_none());
    }
}
