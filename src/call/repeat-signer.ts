/**
 * Signing for `call --repeat`: every request is signed for its own time, cheaply.
 *
 * A repeat run sends one request many times: method, path, query, headers and body never
 * change, only the time. So the canonical request differs only in its `x-amz-date` line. The
 * signer takes the canonical request the SigV4 signer (src/sign/signer.ts) produced once as a
 * template; per request it substitutes the date, hashes, and computes the signature with the
 * day's signing key (cached): one SHA-256 and one HMAC instead of a full signer run.
 *
 * It never trusts itself: before use, its headers for two different times (two different days)
 * must equal the real signer's byte for byte; otherwise every request goes through the real
 * signer. The fake API Gateway in the tests verifies the signatures independently.
 */
import { createHmac, hash as sha256Of } from 'node:crypto'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { PreparedRequest } from './prepare.js'
import { signPrepared } from './sign-prepared.js'

export interface RepeatSigner {
  /**
   * Every header to send, signed for `date`: synchronous on the template path (no turn of the
   * event loop between one answer and the next request), a promise on the fallback.
   */
  sign(date: Date): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>
  /** True when the template path is in use (verified against the real signer). */
  readonly fast: boolean
}

export interface RepeatSigningParams {
  readonly service: string
  readonly region: string
  readonly credentials: AwsCredentialIdentity
}

/** `20250115T120000Z` */
const amzDate = (d: Date): string => {
  const iso = d.toISOString() // 2025-01-15T12:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
}

const ALGORITHM = 'AWS4-HMAC-SHA256'

export async function repeatSigner(p: PreparedRequest, params: RepeatSigningParams): Promise<RepeatSigner> {
  const real = async (date: Date) => (await signPrepared(p, { ...params, signingDate: date })).headers
  const slow: RepeatSigner = { sign: real, fast: false }

  // The template, from a real signature at a fixed time.
  const t0 = new Date(Date.UTC(2000, 0, 1, 0, 0, 0))
  const first = await signPrepared(p, { ...params, signingDate: t0 })
  const canonical = first.trace?.canonicalRequest
  const base = first.headers
  const long0 = amzDate(t0)
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(base.authorization ?? '')?.[1]
  if (!canonical || !signedHeaders || base['x-amz-date'] !== long0) return slow
  const parts = canonical.split(long0)
  // The date must appear exactly once (the x-amz-date line), or substitution would be ambiguous.
  if (parts.length !== 2) return slow

  const { accessKeyId, secretAccessKey } = params.credentials
  let keyDay = ''
  let key: Buffer = Buffer.alloc(0)
  const signingKey = (day: string): Buffer => {
    if (day !== keyDay) {
      const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest()
      const kRegion = createHmac('sha256', kDate).update(params.region).digest()
      const kService = createHmac('sha256', kRegion).update(params.service).digest()
      key = createHmac('sha256', kService).update('aws4_request').digest()
      keyDay = day
    }
    return key
  }
  const fastSign = (date: Date): Record<string, string> => {
    const long = amzDate(date)
    const day = long.slice(0, 8)
    const scope = `${day}/${params.region}/${params.service}/aws4_request`
    const hash = sha256Of('sha256', `${parts[0]}${long}${parts[1]}`, 'hex')
    const signature = createHmac('sha256', signingKey(day))
      .update(`${ALGORITHM}\n${long}\n${scope}\n${hash}`)
      .digest('hex')
    return {
      ...base,
      'x-amz-date': long,
      authorization: `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    }
  }

  // Verify against the real signer at two other times, on two other days.
  for (const t of [new Date(Date.UTC(2001, 1, 2, 3, 4, 5)), new Date(Date.UTC(2024, 11, 31, 23, 59, 59))]) {
    const want = await real(t)
    const got = fastSign(t)
    const keys = Object.keys(want)
    if (keys.length !== Object.keys(got).length || keys.some(k => want[k] !== got[k])) return slow
  }
  // X-Amz-Date has one-second resolution, so every request of the same second has the very same
  // signature a fresh computation would give: compute it once per second. A long run still
  // signs each second anew, so no request ever carries a stale signature.
  // (The second is compared as a number: formatting the date on every request costs more than
  // the rest of this path.)
  let lastSecond = NaN
  let lastHeaders: Record<string, string> = {}
  const perSecond = (date: Date): Record<string, string> => {
    const second = Math.floor(date.getTime() / 1000)
    if (second !== lastSecond) {
      lastHeaders = fastSign(date)
      lastSecond = second
    }
    return lastHeaders
  }
  return { sign: perSecond, fast: true }
}
