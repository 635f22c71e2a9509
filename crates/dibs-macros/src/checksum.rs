//! The migration checksum: FNV-1a 64 over a canonical rendering of the tokens.
//!
//! Pinned on purpose: the checksum is stored in every database's history, so its
//! algorithm and rendering can never change. Left out: doc comments (editing the prose
//! about a migration does not modify it) and trailing commas before a closing delimiter
//! (rustfmt adds and removes them when it breaks or joins lines). Everything else counts.

use proc_macro::{Delimiter, TokenStream, TokenTree};

pub fn of(item: &TokenStream) -> String {
    let mut text = String::new();
    render(item.clone(), &mut text);
    format!("{:016x}", fnv1a(text.as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn render(tokens: TokenStream, out: &mut String) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        // Skip `#[doc = "..."]` (doc comments) entirely.
        if let TokenTree::Punct(p) = &token
            && p.as_char() == '#'
            && let Some(TokenTree::Group(g)) = iter.peek()
            && g.delimiter() == Delimiter::Bracket
            && g.stream()
                .into_iter()
                .next()
                .is_some_and(|t| t.to_string() == "doc")
        {
            iter.next();
            continue;
        }
        if let TokenTree::Punct(p) = &token
            && p.as_char() == ','
            && iter.peek().is_none()
        {
            continue;
        }
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push(' ');
                render(group.stream(), out);
                out.push_str(close);
            }
            other => out.push_str(&other.to_string()),
        }
        out.push(' ');
    }
}
