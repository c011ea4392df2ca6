import { isIP } from 'node:net'
import { usageError } from '../core/errors.js'

// Route vocabulary shared with the doctor lives in core/route.ts.
export { parseHostMode, parseVpce } from '../core/route.js'

/** One -d / --data-binary / --data-raw / --json argument, in command-line order. */
export interface DataArg {
  readonly kind: 'data' | 'binary' | 'raw' | 'json'
  readonly value: string
}

/** `call`/`sign` flags as the command line gives them (strings), before validation. */
export interface RequestFlags {
  readonly url: string
  readonly request?: string
  readonly header: readonly string[]
  readonly data: readonly DataArg[]
  readonly service?: string
  readonly region?: string
  readonly apiId?: string
  readonly hostMode?: string
  readonly vpce?: string
  readonly noSign?: boolean
}

export interface ParsedHeader {
  readonly name: string
  /** undefined = curl's `-H "Name:"`: remove a header pvapi would add. */
  readonly value: string | undefined
}

/**
 * curl's -H forms: `Name: value`; `Name:` removes an internal header; `Name;` sends it empty.
 * Header names are tokens (RFC 9110); CR/LF in values would split the request.
 */
export function parseHeader(spec: string): ParsedHeader {
  const colon = spec.indexOf(':')
  const semi = spec.indexOf(';')
  if (colon === -1 && semi === -1) {
    throw usageError(
      'PV_BAD_HEADER',
      `-H ${JSON.stringify(spec)}: a header needs a colon`,
      'write -H "Name: value"',
    )
  }
  if (colon === -1 || (semi !== -1 && semi < colon)) {
    const name = spec.slice(0, semi).trim()
    if (spec.slice(semi + 1).trim() !== '')
      throw usageError(
        'PV_BAD_HEADER',
        `-H ${JSON.stringify(spec)}: a header needs a colon`,
        'write -H "Name: value" (or "Name;" for an empty value)',
      )
    checkName(name, spec)
    return { name, value: '' }
  }
  const name = spec.slice(0, colon).trim()
  checkName(name, spec)
  const value = spec.slice(colon + 1).trim()
  if (/[\r\n\0]/.test(value))
    throw usageError('PV_BAD_HEADER', `-H ${JSON.stringify(spec)}: header values cannot contain line breaks`)
  // node:http refuses other control characters and anything beyond Latin-1 only when sending,
  // which surfaced as a misleading "TLS handshake failed" (exit 35): say so up front.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw usageError(
      'PV_BAD_HEADER',
      `-H ${JSON.stringify(spec)}: header values cannot contain control characters or characters beyond Latin-1`,
      'percent-encode or base64-encode other text',
    )
  }
  return { name, value: value === '' ? undefined : value }
}

function checkName(name: string, spec: string): void {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw usageError(
      'PV_BAD_HEADER',
      `-H ${JSON.stringify(spec)}: ${JSON.stringify(name)} is not a valid header name`,
      'write -H "Name: value"',
    )
  }
}

export function parseMethod(method: string | undefined, hasBody: boolean): string {
  if (method === undefined) return hasBody ? 'POST' : 'GET'
  if (!/^[A-Za-z]+$/.test(method))
    throw usageError(
      'PV_BAD_METHOD',
      `-X ${JSON.stringify(method)} is not an HTTP method`,
      'e.g. -X GET, -X POST, -X DELETE',
    )
  // API Gateway method names are upper case; curl sends what it is given, so do we.
  return method
}

/** Seconds as curl takes them (fractions allowed) to milliseconds. */
export function parseSeconds(flag: string, text: string | undefined, max = 86400): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw usageError('PV_BAD_DURATION', `${flag} ${text}: expected a number of seconds between 0 and ${max}`)
  return Math.round(n * 1000)
}

export function parseCount(flag: string, text: string | undefined, max: number): number {
  if (text === undefined) return 0
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw usageError('PV_BAD_NUMBER', `${flag} ${text}: expected a whole number from 0 to ${max}`)
  return Number(text)
}

/** `--dns-servers 10.0.0.2,[fd00::2]:53,127.0.0.1:5353` → node:dns server strings. */
export function parseDnsServers(spec: string): string[] {
  return spec.split(',').map(raw => {
    const s = raw.trim()
    const m =
      /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(s) ??
      /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(s) ??
      /^([0-9a-fA-F:]+)()$/.exec(s)
    const ip = m?.[1]
    const port = m?.[2] ? Number(m[2]) : undefined
    if (!ip || isIP(ip) === 0 || (port !== undefined && (port < 1 || port > 65535))) {
      throw usageError(
        'PV_BAD_DNS_SERVER',
        `--dns-servers: ${JSON.stringify(s)} is not an IP address with an optional port`,
        'e.g. --dns-servers 10.0.0.2 or 127.0.0.1:5353 or [fd00::2]:53',
      )
    }
    return port === undefined ? ip : isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`
  })
}

export const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
