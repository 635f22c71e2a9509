//! `#[migration("20260118-add-user-bio")]`: registers an async migration function with
//! the dibs runner, capturing its source and a checksum at compile time.
//!
//! No syn: the attribute only needs the function's name, and the checksum is computed
//! over a canonical rendering of the token stream (one space between tokens, no comments),
//! so reformatting a migration (rustfmt) never changes it, and neither does a compiler
//! upgrade that prints token streams differently.

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

mod checksum;
mod id;

/// Marks an `async fn(ctx: &mut MigrationContext) -> Result<()>` as a migration.
///
/// Options after the id: `no_transaction` (for CREATE INDEX CONCURRENTLY and other
/// statements Postgres refuses inside a transaction) and `description = "..."`.
#[proc_macro_attribute]
pub fn migration(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand(attr, item.clone()) {
        Ok(tokens) => tokens,
        Err((message, span)) => {
            let mut out = compile_error(&message, span);
            out.extend(item);
            out
        }
    }
}

struct Options {
    id: String,
    id_span: Span,
    no_transaction: bool,
    description: Option<String>,
}

fn parse_options(attr: TokenStream) -> Result<Options, (String, Span)> {
    let mut tokens = attr.into_iter().peekable();
    let (id, id_span) = match tokens.next() {
        Some(TokenTree::Literal(lit)) => (unquote(&lit.to_string()), lit.span()),
        other => {
            let span = other.map(|t| t.span()).unwrap_or_else(Span::call_site);
            return Err((
                "expected the migration id as a string: #[migration(\"20260118-add-user-bio\")]"
                    .into(),
                span,
            ));
        }
    };
    let mut options = Options {
        id,
        id_span,
        no_transaction: false,
        description: None,
    };
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(p) if p.as_char() == ',' => {}
            TokenTree::Ident(ident) if ident.to_string() == "no_transaction" => {
                options.no_transaction = true;
            }
            TokenTree::Ident(ident) if ident.to_string() == "description" => {
                match (tokens.next(), tokens.next()) {
                    (Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit)))
                        if eq.as_char() == '=' =>
                    {
                        options.description = Some(unquote(&lit.to_string()));
                    }
                    _ => return Err(("expected description = \"...\"".into(), ident.span())),
                }
            }
            other => {
                return Err((
                    format!(
                        "unknown migration option `{other}`; expected no_transaction or description = \"...\""
                    ),
                    other.span(),
                ));
            }
        }
    }
    Ok(options)
}

/// The value of a plain string literal token.
fn unquote(literal: &str) -> String {
    let inner = literal.trim_start_matches('r').trim_matches('#');
    let inner = inner
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(inner);
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

fn function_name(item: &TokenStream) -> Option<Ident> {
    let mut saw_fn = false;
    for token in item.clone() {
        match token {
            TokenTree::Ident(ident) if saw_fn => return Some(ident),
            TokenTree::Ident(ident) if ident.to_string() == "fn" => saw_fn = true,
            _ => {}
        }
    }
    None
}

/// The function's source as written: each top-level token's own source text, so the body
/// keeps its formatting.
fn source_text(item: &TokenStream) -> String {
    let parts: Vec<String> = item
        .clone()
        .into_iter()
        .map(|t| t.span().source_text().unwrap_or_else(|| t.to_string()))
        .collect();
    parts.join(" ")
}

fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream, (String, Span)> {
    let options = parse_options(attr)?;
    id::validate(&options.id).map_err(|message| (message, options.id_span))?;
    let Some(name) = function_name(&item) else {
        return Err(("#[migration] goes on an async fn".into(), Span::call_site()));
    };
    let checksum = checksum::of(&item);
    let source = source_text(&item);
    let description = match &options.description {
        Some(d) => format!("::core::option::Option::Some({})", Literal::string(d)),
        None => "::core::option::Option::None".to_string(),
    };
    let registration = format!(
        "::dibs::runner::inventory::submit! {{
            ::dibs::runner::MigrationDecl {{
                id: {id},
                function: {function},
                source: {source},
                checksum: {checksum},
                no_transaction: {no_transaction},
                description: {description},
                file: ::core::file!(),
                line: ::core::line!(),
                run: |ctx| ::std::boxed::Box::pin({name}(ctx)),
            }}
        }}",
        id = Literal::string(&options.id),
        function = Literal::string(&name.to_string()),
        source = Literal::string(&source),
        checksum = Literal::string(&checksum),
        no_transaction = options.no_transaction,
    );
    let mut out = item;
    out.extend(registration.parse::<TokenStream>().map_err(|e| {
        (
            format!("internal error in #[migration]: {e}"),
            Span::call_site(),
        )
    })?);
    Ok(out)
}

fn compile_error(message: &str, span: Span) -> TokenStream {
    let mut ident = Ident::new("compile_error", span);
    ident.set_span(span);
    let mut bang = Punct::new('!', Spacing::Alone);
    bang.set_span(span);
    let mut lit = Literal::string(message);
    lit.set_span(span);
    let mut group = Group::new(
        Delimiter::Parenthesis,
        TokenStream::from(TokenTree::Literal(lit)),
    );
    group.set_span(span);
    let mut semi = Punct::new(';', Spacing::Alone);
    semi.set_span(span);
    [
        TokenTree::Ident(ident),
        TokenTree::Punct(bang),
        TokenTree::Group(group),
        TokenTree::Punct(semi),
    ]
    .into_iter()
    .collect()
}
