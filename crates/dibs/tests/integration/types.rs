//! Rust types from the ecosystem map to the Postgres types their values need.

use facet::Facet;

use crate::support::declared;

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "typed")]
pub struct Typed {
    pub id: uuid::Uuid,
    pub at_utc: chrono::DateTime<chrono::Utc>,
    pub at_offset: chrono::DateTime<chrono::FixedOffset>,
    pub naive: chrono::NaiveDateTime,
    pub day: chrono::NaiveDate,
    pub clock: chrono::NaiveTime,
    pub instant: jiff::Timestamp,
    pub civil: jiff::civil::DateTime,
    pub civil_day: jiff::civil::Date,
    pub civil_time: jiff::civil::Time,
    pub zoned: Option<jiff::Zoned>,
    pub amount: rust_decimal::Decimal,
    pub ids: Vec<uuid::Uuid>,
    pub raw: Vec<u8>,
}

#[tokio::test]
async fn ecosystem_types_map_by_meaning() {
    let code = declared(&[Typed::SHAPE]).await;
    let table = code.tables.values().next().unwrap();
    let ty = |name: &str| {
        let column = table.column(name).unwrap();
        (column.ty.as_str(), column.not_null)
    };
    assert_eq!(ty("id"), ("uuid", true));
    assert_eq!(ty("at_utc"), ("timestamp with time zone", true));
    assert_eq!(ty("at_offset"), ("timestamp with time zone", true));
    assert_eq!(ty("naive"), ("timestamp without time zone", true));
    assert_eq!(ty("day"), ("date", true));
    assert_eq!(ty("clock"), ("time without time zone", true));
    assert_eq!(ty("instant"), ("timestamp with time zone", true));
    assert_eq!(ty("civil"), ("timestamp without time zone", true));
    assert_eq!(ty("civil_day"), ("date", true));
    assert_eq!(ty("civil_time"), ("time without time zone", true));
    assert_eq!(ty("zoned"), ("timestamp with time zone", false));
    assert_eq!(ty("amount"), ("numeric", true));
    assert_eq!(ty("ids"), ("uuid[]", true));
    assert_eq!(ty("raw"), ("bytea", true));
}
