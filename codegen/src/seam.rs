//! Rewrites what progenitor generates so that a call goes straight into alicert's runtime. Progenitor keeps
//! generating the types and the builders; only two bodies change:
//!
//! - every builder's `send()` hands the operation (product, version, Action) and its parameters, as ordered
//!   name/value pairs taken from progenitor's own `QueryParam` list, to `crate::seam::send`, and returns
//!   `Result<ResponseValue<T>, crate::Error>`. No URL is formatted and parsed back, no request is rebuilt, and no
//!   response is made up: the runtime signs, sends, retries and decodes once.
//! - `Client::new` builds its HTTP client through the runtime (no redirects, the runtime's timeouts) instead of
//!   progenitor's default one, which follows redirects and cuts every call at 15 s.
//!
//! The rewrite reads progenitor's output by its shape and refuses, naming the operation, anything it does not
//! understand (a request body, a builder without an Action), so a progenitor upgrade that changes the shape fails
//! loudly at generate time instead of compiling into something else.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;

use crate::error::SpecError;
use crate::load::Spec;

/// Rewrites every `send()` in progenitor's `builder` module and the body of `Client::new`.
pub fn rewrite(file: &mut syn::File, spec: &Spec) -> Result<(), SpecError> {
    let mut sends = 0;
    for item in &mut file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "builder" => {
                let Some((_, items)) = module.content.as_mut() else {
                    continue;
                };
                for item in items {
                    let syn::Item::Impl(block) = item else {
                        continue;
                    };
                    for member in &mut block.items {
                        if let syn::ImplItem::Fn(function) = member
                            && function.sig.ident == "send"
                        {
                            rewrite_send(function, spec)?;
                            sends += 1;
                        }
                    }
                }
            }
            syn::Item::Impl(block) if is_client_impl(block) => {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(function) = member
                        && function.sig.ident == "new"
                    {
                        function.block = syn::parse_quote!({
                            Self::new_with_client(baseurl, crate::seam::http_client(&inner), inner)
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if sends != spec.actions.len() {
        return Err(SpecError::new(
            &spec.file,
            format!(
                "progenitor generated {sends} builders for {} operations; the client seam cannot be wired",
                spec.actions.len()
            ),
        ));
    }
    Ok(())
}

/// `impl Client { ... }`, progenitor's inherent impl of the client (not a trait impl).
fn is_client_impl(block: &syn::ItemImpl) -> bool {
    block.trait_.is_none()
        && matches!(&*block.self_ty, syn::Type::Path(path) if path.path.is_ident("Client"))
}

/// What progenitor's `send()` body says about the call.
#[derive(Default)]
struct Send<'a> {
    action: Option<String>,
    /// `QueryParam::new(name, value)` in the order progenitor adds them.
    params: Vec<(&'a syn::LitStr, &'a syn::Expr)>,
    /// A request body (`.body(..)`, `.json(..)`, `.form(..)`): RPC calls carry none.
    body_method: Option<String>,
}

impl<'a> Visit<'a> for Send<'a> {
    fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
        let method = call.method.to_string();
        if matches!(method.as_str(), "body" | "json" | "form" | "multipart") {
            self.body_method = Some(method.clone());
        }
        if method == "query"
            && let [syn::Expr::Reference(reference)] =
                call.args.iter().collect::<Vec<_>>().as_slice()
            && let syn::Expr::Call(constructor) = &*reference.expr
            && let syn::Expr::Path(path) = &*constructor.func
            && path
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .eq(["progenitor_client", "QueryParam", "new"])
            && let [syn::Expr::Lit(name), value] =
                constructor.args.iter().collect::<Vec<_>>().as_slice()
            && let syn::Lit::Str(name) = &name.lit
        {
            self.params.push((name, value));
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'a syn::Macro) {
        if mac.path.is_ident("format")
            && let Ok(template) = mac.parse_body_with(|input: syn::parse::ParseStream| {
                let template: syn::LitStr = input.parse()?;
                let _: TokenStream = input.parse()?;
                Ok(template)
            })
            && let Some((_, action)) = template.value().split_once("?Action=")
        {
            self.action = Some(action.to_owned());
        }
    }
}

fn rewrite_send(function: &mut syn::ImplItemFn, spec: &Spec) -> Result<(), SpecError> {
    let response = response_type(&function.sig.output).ok_or_else(|| {
        SpecError::new(
            &spec.file,
            "progenitor's send() does not return Result<ResponseValue<T>, _>: the client seam cannot be wired",
        )
    })?;
    let statements = &function.block.stmts;
    let Some(syn::Stmt::Local(destructure)) = statements.first() else {
        return Err(SpecError::new(
            &spec.file,
            "progenitor's send() does not start by taking the builder apart",
        ));
    };
    let fields: Vec<&syn::Ident> = match &destructure.pat {
        syn::Pat::Struct(pattern) => pattern
            .fields
            .iter()
            .filter_map(|field| match &field.member {
                syn::Member::Named(name) if name != "client" => Some(name),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut send = Send::default();
    for statement in statements {
        send.visit_stmt(statement);
    }
    let action = send.action.clone().ok_or_else(|| {
        SpecError::new(
            &spec.file,
            "a builder's send() posts to no `/?Action=...` path",
        )
    })?;
    if let Some(method) = &send.body_method {
        return Err(SpecError::new(
            &spec.file,
            format!(
                "operation {action}: progenitor sends a request body (`.{method}(..)`); RPC operations carry their \
                 parameters in the query"
            ),
        ));
    }
    let product = &spec.product;
    let version = &spec.version;
    let count = send.params.len();
    let pushes = send.params.iter().map(|(name, value)| {
        quote! { crate::seam::push(&mut params, &OPERATION, #name, #value)?; }
    });
    let block: syn::Block = syn::parse_quote!({
        #destructure
        const OPERATION: crate::seam::Operation = crate::seam::Operation {
            product: #product,
            version: #version,
            action: #action,
        };
        #( let #fields = #fields.map_err(|message| crate::seam::invalid_request(&OPERATION, message))?; )*
        let mut params = crate::seam::Params::with_capacity(#count);
        #( #pushes )*
        crate::seam::send(&client.inner, &client.client, &client.baseurl, &OPERATION, &params).await
    });
    function.block = block;
    function.sig.output = syn::parse_quote! {
        -> Result<ResponseValue<#response>, crate::Error>
    };
    function
        .attrs
        .retain(|attribute| !attribute.path().is_ident("doc"));
    let doc = format!(
        "Sends `{action}` ({product} {version}) through the runtime: signed, retried when that is safe, decoded once."
    );
    function.attrs.push(syn::parse_quote!(#[doc = #doc]));
    Ok(())
}

/// `T` of `Result<ResponseValue<T>, _>`.
fn response_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, result) = output else {
        return None;
    };
    let ok = first_generic(result, "Result")?;
    first_generic(ok, "ResponseValue").cloned()
}

fn first_generic<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}
