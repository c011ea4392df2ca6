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
  /** IPv4 addresses first, then IPv6 (the A and AAAA answers). */
  readonly addresses: string[]
  /** The record types asked: both, so a dual-stack endpoint's AAAA records are seen. */
  readonly asked?: ('A' | 'AAAA')[]
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
 * Resolve a host name's addresses, IPv4 and IPv6. With `server`, A and AAAA records asked of
 * that server at once (a dual-stack endpoint has both; the check compares each family with the
 * endpoint's ENIs); without, the system resolver (getaddrinfo, both families).
 * @throws on SERVFAIL, REFUSED, a timeout or an unreachable server (the doctor records it).
 */
export async function resolveHost(
  hostname: string,
  server?: DnsServer,
  timeoutMs = 3000,
): Promise<DnsAnswer> {
  // Loaded here, not at the top: the doctor's lane also serves `doctor --snapshot`, which
  // resolves nothing and should not pay for node:dns at start-up.
  const { promises: dns } = await import('node:dns')
  const asked: ('A' | 'AAAA')[] = ['A', 'AAAA']
  if (!server) {
    try {
      const all = await dns.lookup(hostname, { all: true, verbatim: true })
      const v4 = all.filter(a => a.family === 4).map(a => a.address)
      const v6 = all.filter(a => a.family === 6).map(a => a.address)
      return { server: 'system', result: all.length ? 'answer' : 'nodata', addresses: [...v4, ...v6], asked }
    } catch (err) {
      if (code(err) === 'ENOTFOUND') return { server: 'system', result: 'nxdomain', addresses: [], asked }
      if (code(err) === 'ENODATA') return { server: 'system', result: 'nodata', addresses: [], asked }
      throw err
    }
  }
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 })
  resolver.setServers([serverText(server)])
  const name = serverText(server)
  // NXDOMAIN is the name's answer whichever type was asked; "no records of this type" is ENODATA.
  const one = (ask: Promise<string[]>) =>
    ask.then(
      list => ({ kind: 'ok' as const, list }),
      (err: unknown) =>
        code(err) === 'ENOTFOUND'
          ? { kind: 'nxdomain' as const, list: [] as string[] }
          : code(err) === 'ENODATA'
            ? { kind: 'ok' as const, list: [] as string[] }
            : { kind: 'error' as const, err, list: [] as string[] },
    )
  const [v4, v6] = await Promise.all([one(resolver.resolve4(hostname)), one(resolver.resolve6(hostname))])
  const addresses = [...v4.list, ...v6.list]
  if (addresses.length > 0) return { server: name, result: 'answer', addresses, asked }
  // No address at all: an error of either query decides (the record may exist), then NXDOMAIN.
  const failed = v4.kind === 'error' ? v4 : v6.kind === 'error' ? v6 : undefined
  if (failed && 'err' in failed) throw failed.err
  if (v4.kind === 'nxdomain' || v6.kind === 'nxdomain')
    return { server: name, result: 'nxdomain', addresses: [], asked }
  return { server: name, result: 'nodata', addresses: [], asked }
}
