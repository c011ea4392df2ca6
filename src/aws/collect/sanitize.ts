/**
 * The last step of collection: no secret may reach a snapshot. Known secret values (the secret
 * access key and session token in use) are removed wherever they appear, and so is anything
 * shaped like a session token, a SigV4 signature or a presigned-URL credential.
 */
import type { DoctorSnapshot } from '../../doctor/snapshot.js'

// Session tokens are long base64 (IQoJb3JpZ2lu… / FwoGZXIvYXdz…); 200+ characters of base64 is never an id.
const TOKEN = /[A-Za-z0-9+/]{200,}={0,2}/g
const SIGNATURE = /((?:X-Amz-)?Signature=)[0-9a-fA-F]{64}/g
const QUERY_SECRET = /((?:X-Amz-Security-Token|X-Amz-Credential|X-Amz-Signature)=)[^&\s"]+/gi
const SECRET_KEY_FIELD = /("?(?:aws_)?(?:secret_?access_?key|session_?token)"?\s*[:=]\s*"?)[^"\s,}]+/gi

/** Scrub one string. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 8 && out.includes(s)) out = out.split(s).join('[redacted]')
  return out
    .replace(TOKEN, '[redacted]')
    .replace(SIGNATURE, '$1[redacted]')
    .replace(QUERY_SECRET, '$1[redacted]')
    .replace(SECRET_KEY_FIELD, '$1[redacted]')
}

function walk(v: unknown, secrets: readonly string[]): unknown {
  if (typeof v === 'string') return scrubText(v, secrets)
  if (Array.isArray(v)) return v.map(x => walk(x, secrets))
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, secrets)]))
  return v
}

/** A copy of the snapshot with every secret removed. */
export function sanitizeSnapshot(s: DoctorSnapshot, secrets: readonly string[]): DoctorSnapshot {
  return walk(s, secrets) as DoctorSnapshot
}
