import { isIP } from 'node:net'
import { usageError } from '../core/errors.js'

/** `--resolve host:port:addr[,addr…]`: curl's DNS override for one host and port. */
export interface ResolveRule {
  readonly host: string // lower case, or '*'
  readonly port: number
  readonly addresses: readonly string[]
}

/** `--connect-to HOST1:PORT1:HOST2:PORT2`: dial HOST2:PORT2 instead (empty fields = any / unchanged). */
export interface ConnectToRule {
  readonly fromHost?: string
  readonly fromPort?: number
  readonly toHost?: string
  readonly toPort?: number
}

/** Split on `:` while keeping `[v6]` literals whole. */
function splitColons(spec: string): string[] {
  const parts: string[] = []
  let cur = ''
  let depth = 0
  for (const ch of spec) {
    if (ch === '[') depth++
    if (ch === ']') depth--
    if (ch === ':' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  return parts
}

const unbracket = (s: string) => s.replace(/^\[(.*)\]$/, '$1')

function parsePort(text: string, flag: string, spec: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw usageError('PV_BAD_PORT', `${flag} ${spec}: ${JSON.stringify(text)} is not a port number (1-65535)`)
  }
  return n
}

export function parseResolve(spec: string): ResolveRule {
  const hint =
    'expected --resolve HOST:PORT:ADDRESS, e.g. --resolve abc1234567.execute-api.us-east-1.amazonaws.com:443:10.0.1.25'
  const parts = splitColons(spec.replace(/^\+/, ''))
  if (parts.length !== 3 || !parts[0] || !parts[2])
    throw usageError('PV_BAD_RESOLVE', `--resolve ${spec}: wrong format`, hint)
  const addresses = parts[2].split(',').map(a => unbracket(a.trim()))
  for (const a of addresses) {
    if (isIP(a) === 0)
      throw usageError('PV_BAD_RESOLVE', `--resolve ${spec}: ${JSON.stringify(a)} is not an IP address`, hint)
  }
  return {
    host: unbracket(parts[0]).toLowerCase(),
    port: parsePort(parts[1] ?? '', '--resolve', spec),
    addresses,
  }
}

export function parseConnectTo(spec: string): ConnectToRule {
  const parts = splitColons(spec)
  if (parts.length !== 4) {
    throw usageError(
      'PV_BAD_CONNECT_TO',
      `--connect-to ${spec}: wrong format`,
      'expected --connect-to HOST1:PORT1:HOST2:PORT2 (empty fields match anything / keep the original)',
    )
  }
  const [h1, p1, h2, p2] = parts as [string, string, string, string]
  return {
    ...(h1 ? { fromHost: unbracket(h1).toLowerCase() } : {}),
    ...(p1 ? { fromPort: parsePort(p1, '--connect-to', spec) } : {}),
    ...(h2 ? { toHost: unbracket(h2).toLowerCase() } : {}),
    ...(p2 ? { toPort: parsePort(p2, '--connect-to', spec) } : {}),
  }
}

export interface Dial {
  /** Host name or address to dial (after --connect-to). */
  readonly host: string
  readonly port: number
  /** Pinned addresses from --resolve for that host and port, if any. */
  readonly pinned?: readonly string[]
  /** curl -4/-6: resolve and connect over this address family only. */
  readonly family?: 4 | 6
}

/**
 * Apply curl's rules: --connect-to picks the host and port to dial (first match wins), then
 * --resolve pins that host's addresses. Neither changes SNI, certificate checks or Host.
 */
export function applyConnectRules(
  host: string,
  port: number,
  connectTo: readonly ConnectToRule[],
  resolve: readonly ResolveRule[],
): Dial {
  let dialHost = host
  let dialPort = port
  const rule = connectTo.find(
    r =>
      (r.fromHost === undefined || r.fromHost === host) && (r.fromPort === undefined || r.fromPort === port),
  )
  if (rule) {
    dialHost = rule.toHost ?? host
    dialPort = rule.toPort ?? port
  }
  const pin = resolve.find(r => (r.host === dialHost || r.host === '*') && r.port === dialPort)
  return { host: dialHost, port: dialPort, ...(pin ? { pinned: pin.addresses } : {}) }
}

/**
 * curl's -4/-6: only addresses of that family are resolved and dialled. A `--resolve` pin keeps
 * its addresses of the family; curl, when none is left, drops the pin and asks DNS instead,
 * which would quietly stop pinning the ENI the user named, so pvapi refuses (exit 2). A host
 * dialled by IP literal of the other family is refused too.
 */
export function restrictFamily(dial: Dial, family: 4 | 6 | undefined): Dial {
  if (!family) return dial
  const flag = family === 4 ? '-4/--ipv4' : '-6/--ipv6'
  const literal = isIP(dial.host)
  if (literal !== 0 && literal !== family)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${flag}: ${dial.host} is an IPv${literal} address`,
      `drop ${flag.split('/')[0]}, or dial an IPv${family} address`,
    )
  if (!dial.pinned) return { ...dial, family }
  const kept = dial.pinned.filter(a => isIP(a) === family)
  if (kept.length === 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${flag}: --resolve pins ${dial.host}:${dial.port} to ${dial.pinned.join(', ')}, none of them IPv${family}`,
      `pin an IPv${family} address (--resolve ${dial.host}:${dial.port}:${family === 6 ? '[ADDRESS]' : 'ADDRESS'}), or drop ${flag.split('/')[0]}`,
    )
  return { ...dial, pinned: kept, family }
}
