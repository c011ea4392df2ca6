import type { PreparedRequest } from '../call/prepare.js'
import type { PeerInfo, ResponseHead, Timings } from '../http/send.js'
import type { SigningTrace } from '../sign/signer.js'
import { displayName, safeCanonicalRequest, safeHeaderValue } from './redacted-headers.js'

// curl's -v conventions: `*` information, `>` request, `<` response. All of it goes to stderr.
const info = (lines: string) => lines.split('\n').map(l => `* ${l}`)

export function verboseRoute(
  p: PreparedRequest,
  dial: { host: string; port: number; pinned?: readonly string[] },
): string[] {
  const lines = [
    `Route: ${p.route.description}`,
    `Connect to ${dial.host}:${dial.port}${dial.pinned ? ` (pinned to ${dial.pinned.join(', ')})` : ''}, TLS server name ${p.route.connectHost}, Host ${p.route.hostHeader}`,
  ]
  return lines.flatMap(info)
}

export function verboseSigning(
  trace: SigningTrace,
  meta: { service: string; region: string; credentialSource?: string; accessKeyId?: string },
): string[] {
  return [
    ...info(
      `Signing: SigV4 service ${meta.service}, region ${meta.region}${meta.accessKeyId ? `, key ${meta.accessKeyId}` : ''}${meta.credentialSource ? ` (${meta.credentialSource})` : ''}`,
    ),
    '* Canonical request:',
    ...safeCanonicalRequest(trace.canonicalRequest)
      .split('\n')
      .map(l => `*   ${l}`),
    '* String to sign:',
    ...trace.stringToSign.split('\n').map(l => `*   ${l}`),
  ]
}

export function verboseRequestHead(
  method: string,
  target: string,
  headers: Readonly<Record<string, string>>,
  bodyBytes: number,
): string[] {
  const lines = [`> ${method} ${target} HTTP/1.1`]
  for (const [k, v] of Object.entries(headers)) lines.push(`> ${displayName(k)}: ${safeHeaderValue(k, v)}`)
  lines.push('>')
  if (bodyBytes > 0) lines.push(`* (request body: ${bodyBytes} bytes)`)
  return lines
}

export function verboseConnection(
  res: Pick<ResponseHead, 'remoteAddress' | 'remotePort' | 'peer'>,
): string[] {
  const out: string[] = []
  if (res.remoteAddress)
    out.push(`* Connected to ${res.remoteAddress} port ${res.remotePort ?? ''}`.trimEnd())
  if (res.peer) out.push(...verbosePeer(res.peer))
  return out
}

export function verbosePeer(peer: PeerInfo): string[] {
  const out = [
    `* TLS ${peer.protocol ?? '?'}${peer.cipher ? ` ${peer.cipher}` : ''}, server name (SNI) ${peer.servername ?? '(none: IP address)'}`,
  ]
  if (peer.subject)
    out.push(
      `* Peer certificate: subject ${peer.subject}; issuer ${peer.issuer ?? '?'}; expires ${peer.validTo ?? '?'}`,
    )
  if (peer.subjectAltName) out.push(`*   ${peer.subjectAltName}`)
  return out
}

export function verboseResponseHead(res: ResponseHead): string[] {
  const lines = [`< HTTP/${res.httpVersion} ${res.status} ${res.statusMessage}`]
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    lines.push(
      `< ${res.rawHeaders[i]}: ${safeHeaderValue(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '')}`,
    )
  }
  lines.push('<')
  return lines
}

const ms = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(1)} ms`)

export function verboseTimings(t: Timings): string[] {
  return [
    `* Timing: dns ${ms(t.dns)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, first byte ${ms(t.firstByte)}, total ${ms(t.total)}`,
  ]
}
