import { redactAuthorization, redactToken } from '../core/redact.js'

/** A header value safe to print: signatures fingerprinted, session tokens and API keys hidden. */
export function safeHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase()
  if (n === 'authorization') return redactAuthorization(value)
  if (n === 'x-amz-security-token' || n === 'x-api-key') return redactToken(value)
  return value
}

/** Title-case a lower-case header name for display (`x-amz-date` → `X-Amz-Date`). */
export function displayName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

/** The canonical request with the session token line redacted (it carries the raw token). */
export function safeCanonicalRequest(canonical: string): string {
  return canonical
    .split('\n')
    .map((line) => (line.startsWith('x-amz-security-token:') ? `x-amz-security-token:${redactToken(line.slice('x-amz-security-token:'.length))}` : line))
    .join('\n')
}
