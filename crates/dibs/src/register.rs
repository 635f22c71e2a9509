//! Registration of table structs with inventory, through facet's derive plugin chain.
//!
//! `#[facet(derive(dibs::Table))]` makes `#[derive(Facet)]` call [`__facet_invoke!`], which
//! adds a template submitting the type's shape to inventory. Declaring a table and
//! registering it are one step, so a table cannot be silently missing from the schema.

/// A table struct registered for collection.
pub struct TableDecl {
    pub shape: &'static facet::Shape,
}

inventory::collect!(TableDecl);

/// Facet plugin entry point for `#[facet(derive(dibs::Table))]`. Not called directly.
#[doc(hidden)]
#[macro_export]
macro_rules! __facet_invoke {
    (
        @tokens { $($tokens:tt)* }
        @remaining { }
        @plugins { $($plugins:tt)* }
        @facet_crate { $($facet_crate:tt)* }
    ) => {
        $($facet_crate)*::__facet_finalize! {
            @tokens { $($tokens)* }
            @plugins {
                $($plugins)*
                @plugin {
                    @name { "Table" }
                    @template {
                        ::dibs::inventory::submit! {
                            ::dibs::TableDecl {
                                shape: <@Self as ::dibs::facet::Facet<'static>>::SHAPE,
                            }
                        }
                    }
                }
            }
            @facet_crate { $($facet_crate)* }
        }
    };
    (
        @tokens { $($tokens:tt)* }
        @remaining { $(:: $first:ident)+ $(, $(:: $rest:ident)+)* }
        @plugins { $($plugins:tt)* }
        @facet_crate { $($facet_crate:tt)* }
    ) => {
        $(:: $first)+ ! {
            @tokens { $($tokens)* }
            @remaining { $($(:: $rest)+),* }
            @plugins {
                $($plugins)*
                @plugin {
                    @name { "Table" }
                    @template {
                        ::dibs::inventory::submit! {
                            ::dibs::TableDecl {
                                shape: <@Self as ::dibs::facet::Facet<'static>>::SHAPE,
                            }
                        }
                    }
                }
            }
            @facet_crate { $($facet_crate)* }
        }
    };
}
