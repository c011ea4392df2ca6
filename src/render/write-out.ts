import type { WireResponse } from '../http/send.js'

export interface WriteOutContext {
  readonly response?: WireResponse
  readonly url: string
  readonly method: string
  readonly retries: number
  readonly exitCode: number
  readonly errorMessage?: string
  /** The URL of the last request when -L followed redirects (%{url_effective}). */
  readonly urlEffective?: string
  readonly redirects?: number
  /** Called once per unknown `%{name}` (the caller warns on stderr, as curl does). */
  readonly unknown?: (name: string) => void
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(6)

/** The variables `%{json}` holds as numbers (curl types them the same way). */
const NUMERIC = new Set([
  'http_code',
  'response_code',
  'time_total',
  'time_namelookup',
  'time_connect',
  'time_appconnect',
  'time_starttransfer',
  'remote_port',
  'size_download',
  'num_retries',
  'exitcode',
  'ssl_verify_result',
  'num_redirects',
])

/**
 * curl's `%{header_json}`: response headers as an object of arrays, names lower-cased, in the
 * order they first appeared, repeated headers grouped under their first occurrence.
 */
function headerJson(rawHeaders: readonly string[] | undefined): string {
  const out: Record<string, string[]> = {}
  for (let i = 0; rawHeaders && i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase()
    ;(out[name] ??= []).push(rawHeaders[i + 1] as string)
  }
  return JSON.stringify(out)
}

/**
 * curl's -w/--write-out: `%{var}`, `%header{name}`, `%{json}` (every variable in one object),
 * `%{header_json}`, `%%`, and the backslash escapes \n \r \t \\. An unknown variable prints
 * nothing and is reported through `ctx.unknown` (curl warns on stderr).
 */
export function renderWriteOut(format: string, ctx: WriteOutContext): string {
  const r = ctx.response
  const vars: Record<string, string> = {
    http_code: String(r?.status ?? 0).padStart(3, '0'),
    response_code: String(r?.status ?? 0).padStart(3, '0'),
    time_total: seconds(r?.timings.total),
    time_namelookup: seconds(r?.timings.dns),
    time_connect: seconds(r?.timings.connect),
    time_appconnect: seconds(r?.timings.tls),
    time_starttransfer: seconds(r?.timings.firstByte),
    remote_ip: r?.remoteAddress ?? '',
    remote_port: r?.remotePort !== undefined ? String(r.remotePort) : '',
    size_download: String(r?.bodyBytes ?? 0),
    content_type: String(r?.headers['content-type'] ?? ''),
    url_effective: ctx.urlEffective ?? ctx.url,
    url: ctx.url,
    method: ctx.method,
    num_retries: String(ctx.retries),
    num_redirects: String(ctx.redirects ?? 0),
    exitcode: String(ctx.exitCode),
    errormsg: ctx.errorMessage ?? '',
    http_version: r?.httpVersion ?? '',
    ssl_verify_result: '0',
    // API Gateway's own request id and error type, for incident tickets.
    apigw_request_id: String(r?.headers['x-amzn-requestid'] ?? ''),
    apigw_error_type: String(r?.headers['x-amzn-errortype'] ?? ''),
  }
  const json = () => {
    const o: Record<string, string | number | null> = {}
    for (const k of Object.keys(vars).sort()) {
      const v = vars[k] as string
      // curl gives null for a value it does not have, a number for numeric variables.
      o[k] = NUMERIC.has(k) ? (v === '' ? null : Number(v)) : v === '' ? null : v
    }
    return JSON.stringify(o)
  }
  return format.replace(
    /%\{([A-Za-z0-9_]+)\}|%header\{([^}]+)\}|%%|\\[nrt\\]/g,
    (m, v: string | undefined, h: string | undefined) => {
      if (m === '%%') return '%'
      if (m === '\\n') return '\n'
      if (m === '\\r') return '\r'
      if (m === '\\t') return '\t'
      if (m === '\\\\') return '\\'
      if (h !== undefined) {
        const val = r?.headers[h.toLowerCase()]
        return Array.isArray(val) ? val.join(', ') : (val ?? '')
      }
      if (v === 'json') return json()
      if (v === 'header_json') return headerJson(r?.rawHeaders)
      if (v !== undefined && Object.hasOwn(vars, v)) return vars[v] as string
      ctx.unknown?.(v ?? m)
      return ''
    },
  )
}
