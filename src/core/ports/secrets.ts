/** Unguessable tokens (one-time links, sessions, CSRF) and the one-way hash kept in their place. */
export interface Secrets {
  /** A fresh token, safe to put in a URL: only its hash is ever stored. */
  token(): string;
  /** The stored form of a token: whoever reads the database cannot use it to log in. */
  hash(token: string): string;
  /** RFC 7636 S256: the code challenge an authorization request carries for a PKCE code verifier. */
  challenge(verifier: string): string;
}
