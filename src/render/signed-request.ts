import type { PreparedRequest } from '../call/prepare.js'
import type { SignedHeaders } from '../call/sign-prepared.js'
import type { Dial } from '../http/connect-rules.js'
import { displayName, safeHeaderValue } from './redacted-headers.js'

interface Meta {
  readonly service: string
  readonly region: string | undefined
  readonly credentialSource?: string
}

const urlOf = (p: PreparedRequest) =>
  `${p.protocol}//${p.route.connectHost.includes(':') ? `[${p.route.connectHost}]` : p.route.connectHost}${p.route.port === (p.protocol === 'https:' ? 443 : 80) ? '' : `:${p.route.port}`}${p.target}`

/** `call --dry-run`: the request that would be sent, redacted, on stdout. */
export function renderDryRun(p: PreparedRequest, dial: Dial, signed: SignedHeaders, meta: Meta): string {
  const lines = [
    `# ${p.route.description}`,
    `# connect ${dial.host}:${dial.port}${dial.pinned ? ` (pinned ${dial.pinned.join(', ')})` : ''}; TLS server name ${p.route.connectHost}`,
    signed.trace
      ? `# signed: SigV4 ${meta.service}/${meta.region}${meta.credentialSource ? ` with ${meta.credentialSource}` : ''}`
      : '# not signed (--no-sign)',
    `${p.method} ${urlOf(p)}`,
    ...Object.entries(signed.headers).map(([k, v]) => `${displayName(k)}: ${safeHeaderValue(k, v)}`),
  ]
  if (p.body) lines.push('', `(body: ${p.body.length} bytes)`)
  return lines.join('\n') + '\n'
}

/** Headers a caller must add to send this request (everything signed, plus the signature). */
function headersToAdd(signed: SignedHeaders): [string, string][] {
  const list = /SignedHeaders=([^,\s]+)/.exec(signed.headers.authorization ?? '')?.[1]?.split(';') ?? []
  const names = new Set([...list, 'authorization'])
  return Object.entries(signed.headers).filter(([k]) => names.has(k))
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/**
 * `pvapi sign`: prints the signature and session token because that is its job (another tool
 * sends them); it never prints the secret key.
 */
export function renderSigned(
  format: 'headers' | 'json' | 'curl',
  p: PreparedRequest,
  signed: SignedHeaders,
  meta: Meta & { bodyFile?: string; dial: Dial; connectArgs: readonly string[] },
): string {
  const add = headersToAdd(signed)
  if (format === 'headers') return add.map(([k, v]) => `${displayName(k)}: ${v}`).join('\n') + '\n'
  if (format === 'json') {
    return (
      JSON.stringify(
        {
          method: p.method,
          url: urlOf(p),
          service: meta.service,
          region: meta.region,
          headers: Object.fromEntries(add.map(([k, v]) => [displayName(k), v])),
          signedHeaders:
            /SignedHeaders=([^,\s]+)/.exec(signed.headers.authorization ?? '')?.[1]?.split(';') ?? [],
          amzDate: signed.headers['x-amz-date'],
          ...(p.body ? { bodyBytes: p.body.length } : {}),
        },
        null,
        2,
      ) + '\n'
    )
  }
  const parts = ['curl', '-X', p.method, sq(urlOf(p))]
  for (const [k, v] of add) parts.push('-H', sq(`${displayName(k)}: ${v}`))
  // curl adds its own User-Agent/Accept; they are not signed, so they do not matter.
  parts.push(...meta.connectArgs.map(sq))
  if (p.body) {
    if (meta.bodyFile) parts.push('--data-binary', sq(`@${meta.bodyFile}`))
    else {
      const text = p.body.toString('utf8')
      if (Buffer.from(text, 'utf8').equals(p.body) && !/[\0-\x08\x0e-\x1f]/.test(text))
        parts.push('--data-binary', sq(text))
      else parts.push('--data-binary', '@-', `# body: ${p.body.length} bytes on stdin`)
    }
  }
  return parts.join(' ') + '\n'
}
