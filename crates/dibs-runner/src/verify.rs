//! Comparing what a database has applied with the migrations in this binary. Pure: no
//! database here, so every rule is unit-tested.

/// A row of the history table.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub id: String,
    pub checksum: String,
    pub applied_at: String,
}

/// A migration compiled into this binary.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub id: String,
    pub checksum: String,
}

/// The state of one migration, for `status`.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Applied {
        applied_at: String,
    },
    Pending,
    /// Applied, but the code changed since.
    Modified {
        applied_at: String,
    },
    /// Applied, but no longer in the code.
    Missing {
        applied_at: String,
    },
}

/// Why running is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error(
        "migration {id} was applied with checksum {applied} but the code now has {local}: applied \
         migrations must not change. Revert the edit, or if the change is harmless run \
         `repair --migration {id}` to record the new checksum"
    )]
    ChecksumMismatch {
        id: String,
        applied: String,
        local: String,
    },
    #[error(
        "migration {id} is applied in the database but not compiled into this binary; deploy a \
         build that contains it (or remove its row from __dibs_migrations if it was abandoned)"
    )]
    MissingLocally { id: String },
    #[error(
        "migration {id} is pending but older than the newest applied migration {newest}; \
         pass --allow-out-of-order to apply it anyway"
    )]
    OutOfOrder { id: String, newest: String },
}

/// Every migration known to either side, in run order, with its state.
pub fn status(applied: &[Applied], local: &[Local]) -> Vec<(String, State)> {
    let mut out: Vec<(String, State)> = local
        .iter()
        .map(|l| {
            let state = match applied.iter().find(|a| a.id == l.id) {
                None => State::Pending,
                Some(a) if a.checksum != l.checksum => State::Modified {
                    applied_at: a.applied_at.clone(),
                },
                Some(a) => State::Applied {
                    applied_at: a.applied_at.clone(),
                },
            };
            (l.id.clone(), state)
        })
        .collect();
    for a in applied {
        if !local.iter().any(|l| l.id == a.id) {
            out.push((
                a.id.clone(),
                State::Missing {
                    applied_at: a.applied_at.clone(),
                },
            ));
        }
    }
    out
}

/// The pending migrations (ids, in `local` order) if running is allowed.
pub fn pending(
    applied: &[Applied],
    local: &[Local],
    allow_out_of_order: bool,
) -> Result<Vec<String>, VerifyError> {
    for a in applied {
        match local.iter().find(|l| l.id == a.id) {
            None => return Err(VerifyError::MissingLocally { id: a.id.clone() }),
            Some(l) if l.checksum != a.checksum => {
                return Err(VerifyError::ChecksumMismatch {
                    id: a.id.clone(),
                    applied: a.checksum.clone(),
                    local: l.checksum.clone(),
                });
            }
            Some(_) => {}
        }
    }
    let newest_applied = local
        .iter()
        .rposition(|l| applied.iter().any(|a| a.id == l.id));
    let mut out = Vec::new();
    for (index, l) in local.iter().enumerate() {
        if applied.iter().any(|a| a.id == l.id) {
            continue;
        }
        if let Some(newest) = newest_applied
            && index < newest
            && !allow_out_of_order
        {
            return Err(VerifyError::OutOfOrder {
                id: l.id.clone(),
                newest: local[newest].id.clone(),
            });
        }
        out.push(l.id.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(ids: &[(&str, &str)]) -> Vec<Local> {
        ids.iter()
            .map(|(id, c)| Local {
                id: id.to_string(),
                checksum: c.to_string(),
            })
            .collect()
    }

    fn applied(ids: &[(&str, &str)]) -> Vec<Applied> {
        ids.iter()
            .map(|(id, c)| Applied {
                id: id.to_string(),
                checksum: c.to_string(),
                applied_at: "t".into(),
            })
            .collect()
    }

    #[test]
    fn pending_are_the_unapplied_in_order() {
        let l = local(&[("1-a", "x"), ("2-b", "y"), ("3-c", "z")]);
        assert_eq!(
            pending(&applied(&[("1-a", "x")]), &l, false).unwrap(),
            ["2-b", "3-c"]
        );
        assert!(
            pending(
                &applied(&[("1-a", "x"), ("2-b", "y"), ("3-c", "z")]),
                &l,
                false
            )
            .unwrap()
            .is_empty()
        );
    }

    #[test]
    fn changed_checksum_is_refused() {
        let l = local(&[("1-a", "new")]);
        let err = pending(&applied(&[("1-a", "old")]), &l, false).unwrap_err();
        assert!(matches!(err, VerifyError::ChecksumMismatch { .. }));
        assert!(err.to_string().contains("repair --migration 1-a"));
    }

    #[test]
    fn applied_but_unknown_is_refused() {
        let err =
            pending(&applied(&[("0-gone", "x")]), &local(&[("1-a", "x")]), false).unwrap_err();
        assert_eq!(
            err,
            VerifyError::MissingLocally {
                id: "0-gone".into()
            }
        );
    }

    #[test]
    fn out_of_order_needs_a_flag() {
        let l = local(&[("1-a", "x"), ("2-b", "y")]);
        let a = applied(&[("2-b", "y")]);
        assert!(matches!(
            pending(&a, &l, false),
            Err(VerifyError::OutOfOrder { .. })
        ));
        assert_eq!(pending(&a, &l, true).unwrap(), ["1-a"]);
    }

    #[test]
    fn status_lists_every_state() {
        let l = local(&[("1-a", "x"), ("2-b", "changed"), ("3-c", "z")]);
        let a = applied(&[("1-a", "x"), ("2-b", "y"), ("0-old", "q")]);
        let states: Vec<State> = status(&a, &l).into_iter().map(|(_, s)| s).collect();
        assert!(matches!(states[0], State::Applied { .. }));
        assert!(matches!(states[1], State::Modified { .. }));
        assert_eq!(states[2], State::Pending);
        assert!(matches!(states[3], State::Missing { .. }));
    }
}
