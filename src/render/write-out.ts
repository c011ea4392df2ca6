import type { WireResponse } from '../http/send.js'

export interface WriteOutContext {
  readonly response?: WireResponse
  readonly url: string
  readonly method: string
  readonly retries: number
  readonly exitCode: number
  readonly errorMessage?: string
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(6)

/**
 * curl's -w/--write-out: `%{var}`, `%header{name}`, `%%`, and the backslash escapes \n \r \t \\.
 * Unknown variables are left as written (curl prints a warning; we keep the text visible).
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
    url_effective: ctx.url,
    url: ctx.url,
    method: ctx.method,
    num_retries: String(ctx.retries),
    exitcode: String(ctx.exitCode),
    errormsg: ctx.errorMessage ?? '',
    ssl_verify_result: '0',
    // API Gateway's own request id and error type, for incident tickets.
    apigw_request_id: String(r?.headers['x-amzn-requestid'] ?? ''),
    apigw_error_type: String(r?.headers['x-amzn-errortype'] ?? ''),
  }
  return format.replace(
    /%\{([a-z_]+)\}|%header\{([^}]+)\}|%%|\\[nrt\\]/g,
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
      return v !== undefined && v in vars ? (vars[v] as string) : m
    },
  )
}
