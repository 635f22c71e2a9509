//! Splitting `pg_get_indexdef` output into its key list.
//!
//! The server prints each key exactly (expression, collation, operator class, ordering),
//! but only in the full definition, so we cut the parenthesised key list out of it.

/// Returns the top-level items of the first parenthesised list after ` USING method `.
pub fn index_keys(definition: &str) -> Vec<String> {
    let Some(using) = definition.find(" USING ") else {
        return Vec::new();
    };
    let Some(open) = definition[using..].find('(').map(|i| i + using) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut in_quote: Option<char> = None;
    for (i, c) in definition.char_indices().skip_while(|(i, _)| *i <= open) {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => in_quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') if depth > 0 => depth -= 1,
            (None, ')') => {
                keys.push(definition[start..i].trim().to_string());
                break;
            }
            (None, ',') if depth == 0 => {
                keys.push(definition[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::index_keys;

    #[test]
    fn splits_top_level_keys() {
        assert_eq!(
            index_keys(
                "CREATE INDEX i ON public.t USING btree (a DESC NULLS LAST, lower((b)::text), \"c,d\") INCLUDE (e) WHERE (a > 0)"
            ),
            vec!["a DESC NULLS LAST", "lower((b)::text)", "\"c,d\""]
        );
        assert_eq!(
            index_keys("CREATE INDEX i ON public.t USING gin (tags, (data->>'k,)'))"),
            vec!["tags", "(data->>'k,)')"]
        );
    }
}
