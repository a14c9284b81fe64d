//! A verifier for the layer's tests: a fixed table of tokens.

use scopes_runtime::{Authenticate, TokenError, TokenInfo, TokenScopes};

/// Each known token and its `scope` claim (`None`: the token has no
/// scope claim); the subject is the token itself. Any other token does not
/// verify ("unknown token").
#[derive(Clone, Copy)]
pub struct Tokens(pub &'static [(&'static str, Option<&'static str>)]);

impl Authenticate for Tokens {
    type Future = std::future::Ready<Result<TokenInfo, TokenError>>;

    fn authenticate(&self, token: &str) -> Self::Future {
        let Some(&(subject, scopes)) = self.0.iter().find(|(t, _)| *t == token) else {
            return std::future::ready(Err(TokenError::new("unknown token")));
        };
        std::future::ready(Ok(TokenInfo {
            scopes: scopes.map(|s| TokenScopes::Scope(s.to_owned())),
            subject: Some(subject.to_owned()),
            client_id: None,
        }))
    }
}
