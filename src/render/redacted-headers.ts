import { redactAuthorization, redactToken } from '../core/redact.js'

/** Headers whose whole value is a secret: shown as length and fingerprint only. */
const SECRET_HEADERS = new Set(['x-amz-security-token', 'x-api-key', 'cookie', 'proxy-authorization'])

/**
 * A header value safe to print: a SigV4 signature fingerprinted (the rest of the header is
 * public: key id, scope, signed headers), any other Authorization (a bearer token, a JWT) and
 * session tokens, API keys and cookies hidden entirely.
 */
export function safeHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase()
  if (n === 'authorization') return /^AWS4-/.test(value) ? redactAuthorization(value) : redactToken(value)
  if (SECRET_HEADERS.has(n)) return redactToken(value)
  return value
}

/** Title-case a lower-case header name for display (`x-amz-date` → `X-Amz-Date`). */
export function displayName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

/**
 * The canonical request with every secret header line redacted: it lists the signed headers
 * with their raw values (the session token, an x-api-key the user added).
 */
export function safeCanonicalRequest(canonical: string): string {
  return canonical
    .split('\n')
    .map(line => {
      const m = /^([a-z0-9!#$%&'*+.^_`|~-]+):(.*)$/.exec(line)
      return m && (SECRET_HEADERS.has(m[1] as string) || m[1] === 'authorization')
        ? `${m[1]}:${safeHeaderValue(m[1] as string, m[2] as string)}`
        : line
    })
    .join('\n')
}
