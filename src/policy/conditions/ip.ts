/**
 * IPv4 and IPv6 addresses and CIDR blocks for `IpAddress` / `NotIpAddress`.
 * Through an interface VPC endpoint a request carries no `aws:SourceIp` (it has
 * `aws:VpcSourceIp` instead), so these operators mostly matter for lint and for keys the
 * caller adds to the context.
 */

/** A parsed address or block. `bits` is the address as a 32- or 128-bit integer. */
export interface IpBlock {
  readonly family: 4 | 6
  readonly bits: bigint
  readonly prefix: number
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let out = 0n
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined
    const n = Number(p)
    if (n > 255) return undefined
    out = (out << 8n) | BigInt(n)
  }
  return out
}

function parseV6(text: string): bigint | undefined {
  let head = text
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  let v4Tail: bigint | undefined
  const lastColon = head.lastIndexOf(':')
  if (head.includes('.', lastColon)) {
    v4Tail = parseV4(head.slice(lastColon + 1))
    if (v4Tail === undefined) return undefined
    head = `${head.slice(0, lastColon + 1)}0:0`
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'))
  // Stryker disable next-line StringLiteral: split always yields a first piece; '' only satisfies the types
  const left = groups(halves[0] ?? '')
  const right = groups(halves[1] ?? '')
  const missing = 8 - left.length - right.length
  // Without '::' all eight groups are written; with it, it stands for at least one.
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...left, ...Array<string>(missing).fill('0'), ...right]
  let out = 0n
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    out = (out << 16n) | BigInt(parseInt(g, 16))
  }
  if (v4Tail !== undefined) out = (out & ~0xffffffffn) | v4Tail
  return out
}

/** Parses `10.0.0.0/8`, `10.1.2.3`, `2001:db8::/32` or `::1`; undefined when it is none of these. */
export function parseIpBlock(text: string): IpBlock | undefined {
  const trimmed = text.trim()
  const slash = trimmed.indexOf('/')
  // Stryker disable next-line EqualityOperator: a text starting with '/' has no address either way
  const addr = slash >= 0 ? trimmed.slice(0, slash) : trimmed
  // Stryker disable next-line EqualityOperator: as above
  const prefixText = slash >= 0 ? trimmed.slice(slash + 1) : undefined
  const family: 4 | 6 = addr.includes(':') ? 6 : 4
  const bits = family === 4 ? parseV4(addr) : parseV6(addr)
  if (bits === undefined) return undefined
  const max = family === 4 ? 32 : 128
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (prefix > max) return undefined
  return { family, bits, prefix }
}

/** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as the IPv4 address it carries. */
function unmap(ip: IpBlock): IpBlock {
  // Stryker disable next-line ConditionalExpression: an IPv4 address has no bits above 32, so the second test alone decides
  if (ip.family === 6 && ip.bits >> 32n === 0xffffn)
    return { family: 4, bits: ip.bits & 0xffffffffn, prefix: 32 }
  return ip
}

/** Whether the address `ip` (a request value) lies inside `block` (a policy value). */
export function ipInBlock(ip: IpBlock, block: IpBlock): boolean {
  const a = unmap(ip)
  if (a.family !== block.family) return false
  const width = block.family === 4 ? 32 : 128
  const shift = BigInt(width - block.prefix)
  return a.bits >> shift === block.bits >> shift
}
