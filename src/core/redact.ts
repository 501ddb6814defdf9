/**
 * Credentials out of text that may reach output, notifications or logs: error messages of kubeconfig parsers,
 * credential plugins and transports can quote tokens, passwords, keys and URLs with a password in them.
 */
export const REDACTED = '‹redacted›';

const SECRET_KEYS = 'token|id-token|refresh-token|access-token|password|passwd|client-secret|client-key-data|client-key|secret|api-key|apikey';

const RULES: readonly [RegExp, string][] = [
  // an Authorization header: the scheme and the credential after it, to the end of the value
  [/(\bauthorization"?\s*[:=]\s*)"?[^\n",}]*"?/gi, `$1${REDACTED}`],
  // `token: abc`, `"password":"abc"`, `client-key-data=abc` (YAML, JSON, flags)
  [new RegExp(`(\\b(?:${SECRET_KEYS})"?\\s*[:=]\\s*)("[^"\\n]*"?|'[^'\\n]*'?|[^\\s,}\\]]+)`, 'gi'), `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // JSON Web Tokens (service-account and OIDC tokens)
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.?[A-Za-z0-9_-]*/g, REDACTED],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // https://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/** The text with every known secret value and everything that looks like a credential replaced. */
export function redactCredentials(text: string, known: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...known].sort((a, b) => b.length - a.length)) if (s.length >= 4) out = out.split(s).join(REDACTED);
  for (const [re, by] of RULES) out = out.replace(re, by);
  return out;
}

/** A server URL as it may be shown: without user and password. */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
