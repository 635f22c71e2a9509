//! Migration ids: `YYYYMMDD-name` or `YYYYMMDDHHMMSS-name`, name in lowercase words joined
//! by `-` or `_`. Checked at compile time; the runner orders by timestamp, then name.

pub fn validate(id: &str) -> Result<(), String> {
    let (stamp, name) = id.split_once('-').ok_or_else(|| usage(id))?;
    let digits_ok =
        stamp.chars().all(|c| c.is_ascii_digit()) && (stamp.len() == 8 || stamp.len() == 14);
    if !digits_ok {
        return Err(usage(id));
    }
    let (month, day) = (&stamp[4..6], &stamp[6..8]);
    if !("01"..="12").contains(&month) || !("01"..="31").contains(&day) {
        return Err(format!("migration id {id:?} has an impossible date"));
    }
    if stamp.len() == 14 && (&stamp[8..10] > "23" || &stamp[10..12] > "59" || &stamp[12..14] > "59")
    {
        return Err(format!("migration id {id:?} has an impossible time"));
    }
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !name_ok {
        return Err(usage(id));
    }
    Ok(())
}

fn usage(id: &str) -> String {
    format!(
        "migration id {id:?} must look like \"20260118-add-user-bio\" or \"20260118153000-add-user-bio\" \
         (date or date and time, a dash, then lowercase words)"
    )
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn accepts_date_and_precise_ids() {
        assert!(validate("20260118-add-user-bio").is_ok());
        assert!(validate("20260118153000-add_user_bio2").is_ok());
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "add-user-bio",
            "2026011-x",
            "20261318-x",
            "20260118-",
            "20260118-Add",
            "20260118250000-x",
            "20260118 x",
        ] {
            assert!(validate(bad).is_err(), "{bad} should be rejected");
        }
    }
}
