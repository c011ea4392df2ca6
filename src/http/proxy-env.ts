import { proxyWanted } from './proxy-vars.js'
import { isIP } from 'node:net'
import { usageError } from '../core/errors.js'

/**
 * Which proxy a request uses, decided as curl and the AWS CLI do: `-x/--proxy` first, then
 * `https_proxy`/`HTTPS_PROXY` for https:// URLs and `http_proxy`/`HTTP_PROXY` for http:// ones
 * (the lower-case name wins when both are set, as in curl), then `all_proxy`/`ALL_PROXY`.
 * `--noproxy` replaces `no_proxy`/`NO_PROXY`. Pure: the caller passes the environment.
 */
export interface ProxySettings {
  /** `-x/--proxy URL`; '' turns every proxy off, as in curl. */
  readonly flag?: string
  /** `--noproxy LIST` (replaces NO_PROXY). */
  readonly noProxyFlag?: string
  readonly env: Readonly<Record<string, string | undefined>>
}

export interface ProxyChoice {
  /** The proxy to tunnel through, credentials included (never print it: use `display`). */
  readonly proxy?: URL
  /** The proxy URL with any user name and password replaced by `***`. */
  readonly display?: string
  /** Why (or why not), for -v: "HTTPS_PROXY", "NO_PROXY entry .corp matches …". */
  readonly reason: string
}

const pick = (env: ProxySettings['env'], ...names: string[]) => {
  for (const n of names) {
    const v = env[n]
    if (v !== undefined && v.trim() !== '') return { name: n, value: v.trim() }
  }
  return undefined
}

/** True when anything could send a request through a proxy: callers load proxy code only then. */
export function proxyConfigured(s: ProxySettings): boolean {
  return proxyWanted(s.env, s.flag)
}

/** Parse a proxy URL as curl does (no scheme = http://). Only HTTP(S) proxies: CONNECT tunnels. */
export function parseProxyUrl(text: string, source: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw usageError(
      'PV_BAD_PROXY',
      `${source}: ${redactProxy(text)} is not a proxy URL`,
      'expected http://HOST:PORT or https://HOST:PORT',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(
      'PV_BAD_PROXY',
      `${source}: ${url.protocol.replace(':', '')} proxies are not supported`,
      'pvapi tunnels through HTTP(S) proxies with CONNECT; use an http:// or https:// proxy URL',
    )
  if (!url.hostname) throw usageError('PV_BAD_PROXY', `${source}: the proxy URL has no host`)
  return url
}

/** A proxy URL fit to print: user and password become `***`. */
export function redactProxy(text: string | URL): string {
  const s = String(text)
  return s.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i,
    (_m, scheme: string | undefined) => `${scheme ?? ''}***@`,
  )
}

/**
 * The proxy for a request to `protocol://host:port`. `alsoHost` is the host actually dialled
 * (after --connect-to/--vpce): a NO_PROXY entry matching either name goes direct.
 */
export function chooseProxy(
  s: ProxySettings,
  protocol: 'https:' | 'http:',
  host: string,
  port: number,
  alsoHost?: string,
): ProxyChoice {
  let source: { name: string; value: string } | undefined
  if (s.flag !== undefined) {
    if (s.flag === '') return { reason: '-x "" turns proxies off' }
    source = { name: '-x/--proxy', value: s.flag }
  } else {
    source =
      protocol === 'https:'
        ? pick(s.env, 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY')
        : pick(s.env, 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY')
  }
  if (!source) return { reason: `no proxy set for ${protocol.replace(':', '')}:// URLs` }
  const list =
    s.noProxyFlag !== undefined
      ? { name: '--noproxy', value: s.noProxyFlag }
      : (pick(s.env, 'no_proxy', 'NO_PROXY') ?? { name: 'NO_PROXY', value: '' })
  for (const name of [host, alsoHost]) {
    if (!name) continue
    const entry = noProxyMatch(list.value, name, port)
    if (entry !== undefined)
      return {
        reason: `${list.name} entry ${JSON.stringify(entry)} matches ${name}: not using ${source.name}`,
      }
  }
  const proxy = parseProxyUrl(source.value, source.name)
  return { proxy, display: redactProxy(proxy.href.replace(/\/$/, '')), reason: source.name }
}

/**
 * The NO_PROXY entry that matches `host` (and `port`), or undefined. curl's rules: `*` alone
 * matches everything; a name matches itself and its subdomains (a leading dot is the same);
 * an IP matches itself and a CIDR block its range; `host:port` (the AWS CLI's Python form)
 * matches that port only. Case and a trailing dot do not matter.
 */
export function noProxyMatch(list: string, host: string, port: number): string | undefined {
  const name = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim()
    if (!entry) continue
    if (entry === '*') return entry
    let pattern = entry.toLowerCase()
    let entryPort: number | undefined
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(pattern)
    if (v6) {
      pattern = v6[1]!
      if (v6[2]) entryPort = Number(v6[2])
    } else {
      const m = /^([^:]+):(\d+)$/.exec(pattern)
      if (m) {
        pattern = m[1]!
        entryPort = Number(m[2])
      }
    }
    if (entryPort !== undefined && entryPort !== port) continue
    if (pattern.includes('/')) {
      if (isIP(name) !== 0 && inCidr(name, pattern)) return entry
      continue
    }
    if (isIP(pattern) !== 0 || isIP(name) !== 0) {
      if (pattern === name) return entry
      continue
    }
    const domain = pattern.replace(/^\*?\./, '').replace(/\.$/, '')
    if (name === domain || name.endsWith(`.${domain}`)) return entry
  }
  return undefined
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/')
  const family = isIP(base ?? '')
  if (family === 0 || family !== isIP(ip)) return false
  const width = family === 4 ? 32 : 128
  const bits = Number(bitsText)
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false
  const a = toBigInt(ip, family)
  const b = toBigInt(base!, family)
  const shift = BigInt(width - bits)
  return a >> shift === b >> shift
}

function toBigInt(ip: string, family: number): bigint {
  if (family === 4) return ip.split('.').reduce((n, p) => (n << 8n) + BigInt(Number(p)), 0n)
  // Expand "::" and an embedded IPv4 tail into eight 16-bit groups.
  let text = ip
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const n = toBigInt(v4[1]!, 4)
    text = text.replace(v4[1]!, `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`)
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const h = head ? head.split(':') : []
  const t = tail !== undefined && tail !== '' ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  return groups.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g || '0', 16)), 0n)
}
