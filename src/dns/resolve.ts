/**
 * Name resolution for the doctor: with a given DNS server (`--dns-server ip[:port]`, through
 * node:dns's Resolver, which speaks DNS to that server directly), or with the system resolver
 * (getaddrinfo, which is what an ordinary client uses, /etc/hosts included).
 */
import { isIP } from 'node:net'
import { usageError } from '../core/errors.js'

/** A DNS server address. */
export interface DnsServer {
  readonly host: string
  readonly port: number
}

/** What a lookup answered. NXDOMAIN and "no A record" are answers, not errors. */
export interface DnsAnswer {
  /** `system` or `ip:port`. */
  readonly server: string
  readonly result: 'answer' | 'nxdomain' | 'nodata'
  readonly addresses: string[]
}

/** Parses `10.0.0.2`, `127.0.0.1:5353`, `fd00::2` or `[fd00::2]:5353`. */
export function parseDnsServer(spec: string): DnsServer {
  const s = spec.trim()
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s)
  let host: string
  let port = 53
  if (bracket) {
    host = bracket[1]!
    if (bracket[2]) port = Number(bracket[2])
  } else if (isIP(s) === 6) {
    host = s
  } else {
    const [h = '', p] = s.split(':')
    host = h
    if (p !== undefined) port = Number(p)
  }
  if (isIP(host) === 0)
    throw usageError(
      'PV_BAD_DNS_SERVER',
      `--dns-server ${spec}: expected an IP address, optionally with :port`,
      'e.g. --dns-server 10.0.0.2 or --dns-server 127.0.0.1:5353',
    )
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw usageError('PV_BAD_DNS_SERVER', `--dns-server ${spec}: port must be 1-65535`)
  return { host, port }
}

/** `ip:port` (IPv6 in brackets), as node:dns's setServers takes it. */
export const serverText = (s: DnsServer): string =>
  isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`

const code = (err: unknown): string => String((err as { code?: unknown })?.code ?? '')

/**
 * How long one query to a given server may take; each is tried twice. One figure for `call
 * --dns-servers` and the doctor's `--dns-server`: the same server is as slow for both (2 s is
 * c-ares's own default, which curl uses).
 */
export const DNS_QUERY_TIMEOUT_MS = 2000

/** An address as node:net's lookup option passes it on. */
export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

/**
 * A records, then (only when there are none) AAAA records, asked of the given servers
 * (`ip:port`, as node:dns's setServers takes them). Rejects with node:dns's error: ENOTFOUND
 * (NXDOMAIN), ENODATA (no address), ETIMEOUT, ECONNREFUSED, SERVFAIL…; `cancel` ends the queries
 * (they reject with ECANCELLED), so the caller's own bounds end them too.
 */
export function lookupWithServers(
  servers: readonly string[],
  hostname: string,
  timeoutMs = DNS_QUERY_TIMEOUT_MS,
): { readonly addresses: Promise<ResolvedAddress[]>; cancel(): void } {
  let cancelled = false
  let resolver: import('node:dns').Resolver | undefined
  // Loaded here, not at the top: the doctor's lane also serves `doctor --snapshot`, which
  // resolves nothing and should not pay for node:dns at start-up.
  const addresses = import('node:dns').then(
    ({ Resolver }) =>
      new Promise<ResolvedAddress[]>((resolve, reject) => {
        const r = new Resolver({ timeout: timeoutMs, tries: 2 })
        resolver = r
        r.setServers([...servers])
        if (cancelled) r.cancel()
        r.resolve4(hostname, (err4, v4) => {
          if (!err4 && v4.length > 0) return resolve(v4.map(address => ({ address, family: 4 })))
          // A server that did not answer the A query will not answer the AAAA one either, and
          // a name that does not exist has no AAAA record: asking would only add a wait.
          if (['ETIMEOUT', 'ECONNREFUSED', 'ECANCELLED', 'ENOTFOUND'].includes(code(err4)))
            return reject(err4)
          r.resolve6(hostname, (err6, v6) => {
            if (!err6 && v6.length > 0) return resolve(v6.map(address => ({ address, family: 6 })))
            reject(
              err4 ?? err6 ?? Object.assign(new Error(`no address for ${hostname}`), { code: 'ENODATA' }),
            )
          })
        })
      }),
  )
  return {
    addresses,
    cancel() {
      cancelled = true
      resolver?.cancel()
    },
  }
}

/**
 * Resolve a host name's addresses. With `server`, A records then (when there are none) AAAA
 * records, asked of that server; without, the system resolver.
 * @throws on SERVFAIL, REFUSED, a timeout or an unreachable server (the doctor records it).
 */
export async function resolveHost(
  hostname: string,
  server?: DnsServer,
  timeoutMs = DNS_QUERY_TIMEOUT_MS,
): Promise<DnsAnswer> {
  if (!server) {
    const { promises: dns } = await import('node:dns')
    try {
      const all = await dns.lookup(hostname, { all: true, verbatim: true })
      return {
        server: 'system',
        result: all.length ? 'answer' : 'nodata',
        addresses: all.map(a => a.address),
      }
    } catch (err) {
      if (code(err) === 'ENOTFOUND') return { server: 'system', result: 'nxdomain', addresses: [] }
      if (code(err) === 'ENODATA') return { server: 'system', result: 'nodata', addresses: [] }
      throw err
    }
  }
  const name = serverText(server)
  try {
    const found = await lookupWithServers([name], hostname, timeoutMs).addresses
    return { server: name, result: 'answer', addresses: found.map(a => a.address) }
  } catch (err) {
    if (code(err) === 'ENOTFOUND') return { server: name, result: 'nxdomain', addresses: [] }
    if (code(err) === 'ENODATA') return { server: name, result: 'nodata', addresses: [] }
    throw err
  }
}
