/**
 * Value comparison for each operator family, as IAM defines it: numbers as numbers, dates as
 * instants (ISO 8601 or epoch seconds), booleans without regard to case, binary values as the
 * bytes their base64 encodes, IP addresses against CIDR blocks, ARNs segment by segment.
 */
import type { BaseOperator } from '../types.js'
import { piecesText, type Piece } from '../variables.js'
import { arnMatches, stringLikeMatches } from '../wildcard.js'
import { ipInBlock, parseIpBlock, type IpBlock } from './ip.js'

/** Milliseconds since the epoch for an IAM date value, or NaN. Accepts ISO 8601 and epoch seconds. */
export function parseDateValue(text: string): number {
  const t = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return NaN
  // A date-time without a zone would be read as local time by Date.parse; IAM means UTC.
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t
  return Date.parse(zoned)
}

/** The number an IAM numeric value denotes, or NaN. */
export function parseNumericValue(text: string): number {
  const t = text.trim()
  return t === '' ? NaN : Number(t)
}

/** True when `text` is base64 (standard alphabet, optional padding). */
export function isBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/.test(
    text.trim(),
  )
}

function decodeBase64(text: string): string | undefined {
  // isBase64 admits only what atob decodes (alphabet, padding, length), so atob cannot throw here.
  return isBase64(text) ? atob(text.trim()) : undefined
}

const ipCache = new Map<string, IpBlock | null>()
function ip(text: string): IpBlock | undefined {
  let v = ipCache.get(text)
  // Stryker disable next-line ConditionalExpression: re-parsing a cached block gives the same block
  if (v === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
    if (ipCache.size > 5_000) ipCache.clear()
    v = parseIpBlock(text) ?? null
    ipCache.set(text, v)
  }
  return v ?? undefined
}

/**
 * Whether one request value satisfies one policy value under a **positive** operator.
 * Negated operators are handled by the caller as complements.
 */
export function comparePositive(
  op: BaseOperator,
  requestValue: string,
  policyValue: readonly Piece[],
): boolean {
  switch (op) {
    case 'StringEquals':
      return piecesText(policyValue) === requestValue
    case 'StringEqualsIgnoreCase':
      return piecesText(policyValue).toLowerCase() === requestValue.toLowerCase()
    case 'StringLike':
      return stringLikeMatches(policyValue, requestValue)
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatches(policyValue, requestValue)
    case 'Bool':
      return piecesText(policyValue).toLowerCase() === requestValue.trim().toLowerCase()
    case 'BinaryEquals': {
      const a = decodeBase64(piecesText(policyValue))
      const b = decodeBase64(requestValue)
      // When exactly one side decodes the texts differ, so `a === b` and the text test are both false.
      // Stryker disable next-line LogicalOperator,ConditionalExpression: see above (the both-undefined case is tested)
      return a !== undefined && b !== undefined ? a === b : piecesText(policyValue) === requestValue
    }
    case 'IpAddress': {
      const block = ip(piecesText(policyValue))
      const addr = ip(requestValue)
      return block !== undefined && addr !== undefined && ipInBlock(addr, block)
    }
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return ordered(op, parseNumericValue(requestValue), parseNumericValue(piecesText(policyValue)))
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return ordered(op, parseDateValue(requestValue), parseDateValue(piecesText(policyValue)))
    default:
      // Negated operators and Null never reach here (see evaluate.ts).
      return false
  }
}

/** Request value `a` against policy value `b`: "NumericLessThan" means a < b. NaN never matches. */
function ordered(op: BaseOperator, a: number, b: number): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a NaN compares false under every test below anyway; kept to say so
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  if (op.endsWith('LessThanEquals')) return a <= b
  if (op.endsWith('LessThan')) return a < b
  if (op.endsWith('GreaterThanEquals')) return a >= b
  if (op.endsWith('GreaterThan')) return a > b
  return a === b
}
