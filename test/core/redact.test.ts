/** redactCredentials: what looks like a credential, and every known secret value, is replaced; the rest stays. */
import { describe, expect, it } from 'vitest';
import { REDACTED, redactCredentials, withoutUserinfo } from '../../src/core/redact';

describe('redactCredentials', () => {
  it.each([
    ['token: abc123', `token: ${REDACTED}`],
    ['  password: "hunter2"', `  password: ${REDACTED}`],
    ['{"token":"abc","x":1}', `{"token":${REDACTED},"x":1}`],
    ['client-key-data: LS0tLS1CRUdJTg==', `client-key-data: ${REDACTED}`],
    ['Authorization: Bearer abc.def', `Authorization: ${REDACTED}`],
    ['sent Bearer abc.def', `sent Bearer ${REDACTED}`],
    ['jwt eyJhbGciOi.eyJzdWIiOiJ4.c2ln in text', `jwt ${REDACTED} in text`],
    ['https://user:pw@host:6443/x', `https://${REDACTED}@host:6443/x`],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', REDACTED],
  ])('%j', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it('replaces known values anywhere, and leaves ordinary messages alone', () => {
    expect(redactCredentials('plugin said s3cr3t-value twice: s3cr3t-value', ['s3cr3t-value'])).toBe(`plugin said ${REDACTED} twice: ${REDACTED}`);
    const plain = "no context 'prod' in the kubeconfig (contexts: gone); tlsSecret 'web-tls' is missing";
    expect(redactCredentials(plain)).toBe(plain);
  });

  it('withoutUserinfo drops user and password only', () => {
    expect(withoutUserinfo('https://a:b@h:1/p')).toBe('https://h:1/p');
    expect(withoutUserinfo('https://h:1')).toBe('https://h:1');
  });
});
