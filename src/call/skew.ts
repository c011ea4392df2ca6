/** API Gateway rejects a signature more than 5 minutes from its clock (field guide §5.6). */
export const SKEW_LIMIT_MS = 5 * 60 * 1000

const AMZ = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/

function parseAmzDate(text: string): number | undefined {
  const m = AMZ.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
}

// call --repeat measures every answer, and its Date header changes once a second: parse each
// value once (Date.parse of an HTTP date is a visible share of a request there).
let lastDateHeader = ''
let lastDateMs = NaN
function parseHttpDate(text: string): number {
  if (text !== lastDateHeader) {
    lastDateMs = Date.parse(text)
    lastDateHeader = text
  }
  return lastDateMs
}

/**
 * The server's clock minus ours, in ms. The error message names the server time exactly;
 * otherwise the `Date`
 * header (1 s resolution) against the moment the response arrived.
 */
export function measureSkew(input: {
  message?: string
  dateHeader?: string
  signedAt?: Date
  receivedAt: Date
}): number | undefined {
  // `Signature expired: <signed> is now earlier than <server − 5 min> (<server> - 5 min.)`:
  // the parenthesized time is the server's clock.
  const m = input.message
    ? /Signature (?:expired|not yet current): \S+ is (?:now earlier|still later) than \S+ \((\S+) [+-] 5 min\.\)/.exec(
        input.message,
      )
    : null
  if (m && input.signedAt) {
    const server = parseAmzDate(m[1] ?? '')
    if (server !== undefined) return server - Math.floor(input.signedAt.getTime() / 1000) * 1000
  }
  if (input.dateHeader) {
    const server = parseHttpDate(input.dateHeader)
    if (!Number.isNaN(server)) return server - input.receivedAt.getTime()
  }
  return undefined
}

export function describeOffset(ms: number): string {
  const abs = Math.abs(ms)
  const s = Math.round(abs / 1000)
  const text =
    s >= 3600
      ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
      : s >= 60
        ? `${Math.floor(s / 60)}m${s % 60}s`
        : `${s}s`
  return `${text} ${ms > 0 ? 'behind' : 'ahead of'} the server`
}
