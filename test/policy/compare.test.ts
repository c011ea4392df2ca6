/**
 * Value parsing and comparison per operator family (src/policy/conditions/compare.ts), at the
 * edges mutation testing found untested: number and date formats, base64, IP blocks, and
 * values of the wrong type (which never match a positive operator).
 */
import { describe, expect, it } from 'vitest'
import {
  comparePositive,
  isBase64,
  parseDateValue,
  parseNumericValue,
} from '../../src/policy/conditions/compare.js'
import { plainPieces } from '../../src/policy/variables.js'

const cmp = (op: Parameters<typeof comparePositive>[0], request: string, policy: string): boolean =>
  comparePositive(op, request, plainPieces(policy))

describe('parseDateValue', () => {
  it('reads epoch seconds, with a fraction, and around whitespace', () => {
    expect(parseDateValue('1704067200')).toBe(Date.UTC(2024, 0, 1))
    expect(parseDateValue(' 1704067200 ')).toBe(Date.UTC(2024, 0, 1))
    expect(parseDateValue('1704067200.5')).toBe(Date.UTC(2024, 0, 1) + 500)
    expect(parseDateValue('1704067200.25')).toBe(Date.UTC(2024, 0, 1) + 250)
    expect(parseDateValue('-1')).toBe(-1000)
    expect(parseDateValue('1704067200.x')).toBeNaN()
  })

  it('reads ISO 8601 dates and date-times (a missing zone is UTC), and nothing else', () => {
    expect(parseDateValue('2024-01-01')).toBe(Date.UTC(2024, 0, 1))
    expect(parseDateValue(' 2024-01-01T10:20:30Z ')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30))
    expect(parseDateValue('2024-01-01T10:20')).toBe(Date.UTC(2024, 0, 1, 10, 20))
    expect(parseDateValue('2024-01-01T10:20:30')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30))
    expect(parseDateValue('2024-01-01T10:20:30.250')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30, 250))
    expect(parseDateValue('2024-01-01T10:20:30+01:00')).toBe(Date.UTC(2024, 0, 1, 9, 20, 30))
    expect(parseDateValue('x2024-01-01')).toBeNaN()
    expect(parseDateValue('24-01-01')).toBeNaN()
    expect(parseDateValue('2024-1-01')).toBeNaN()
    expect(parseDateValue('January 1, 2024')).toBeNaN()
  })
})

describe('parseNumericValue', () => {
  it('reads numbers around whitespace; an empty value is not zero', () => {
    expect(parseNumericValue(' 42 ')).toBe(42)
    expect(parseNumericValue('4.5')).toBe(4.5)
    expect(parseNumericValue('')).toBeNaN()
    expect(parseNumericValue('   ')).toBeNaN()
    expect(parseNumericValue('forty')).toBeNaN()
  })
})

describe('isBase64', () => {
  it.each([
    ['aGVsbG8=', true],
    ['aGVsbA==', true],
    ['aGVs', true],
    ['aGVsbG8', true],
    [' aGVs ', true],
    ['', true],
    ['a', false],
    ['aGVsb', false],
    ['aG=Vs', false],
    ['aGV$', false],
    ['a===', false],
  ])('%j → %s', (text, want) => {
    expect(isBase64(text)).toBe(want)
  })
})

describe('comparePositive', () => {
  it('BinaryEquals compares the decoded bytes, and falls back to the text when either is not base64', () => {
    expect(cmp('BinaryEquals', 'aGVsbG8=', 'aGVsbG8')).toBe(true)
    expect(cmp('BinaryEquals', 'aGVsbG8=', 'd29ybGQ=')).toBe(false)
    expect(cmp('BinaryEquals', 'not base64!', 'not base64!')).toBe(true)
    expect(cmp('BinaryEquals', 'not base64!', 'aGVsbG8=')).toBe(false)
    expect(cmp('BinaryEquals', 'aGVsbG8=', 'not base64!')).toBe(false)
  })

  it('IpAddress needs both a valid block and a valid address', () => {
    expect(cmp('IpAddress', '10.0.1.5', '10.0.0.0/16')).toBe(true)
    expect(cmp('IpAddress', '10.1.1.5', '10.0.0.0/16')).toBe(false)
    expect(cmp('IpAddress', 'not-an-ip', '10.0.0.0/16')).toBe(false)
    expect(cmp('IpAddress', '10.0.1.5', 'not-a-block')).toBe(false)
    expect(cmp('IpAddress', '10.0.1.5', '10.0.1.5')).toBe(true)
  })

  it('StringLike, StringEquals and StringEqualsIgnoreCase', () => {
    expect(cmp('StringLike', 'payments-eu', 'pay*')).toBe(true)
    expect(cmp('StringLike', 'Payments', 'pay*')).toBe(false)
    expect(cmp('StringEquals', 'a', 'a')).toBe(true)
    expect(cmp('StringEquals', 'a', 'A')).toBe(false)
    expect(cmp('StringEqualsIgnoreCase', 'ABC', 'abc')).toBe(true)
    expect(cmp('StringEqualsIgnoreCase', 'ABD', 'abc')).toBe(false)
  })

  it('Bool ignores case and surrounding spaces of the request value', () => {
    expect(cmp('Bool', ' TRUE ', 'true')).toBe(true)
    expect(cmp('Bool', 'false', 'true')).toBe(false)
  })

  it('a value that is not a number or date never matches, on either side', () => {
    expect(cmp('NumericEquals', 'x', '1')).toBe(false)
    expect(cmp('NumericLessThan', '1', 'x')).toBe(false)
    expect(cmp('NumericGreaterThanEquals', 'x', 'x')).toBe(false)
    expect(cmp('DateLessThan', 'x', '2024-01-01')).toBe(false)
    expect(cmp('DateGreaterThan', '2024-01-02', 'x')).toBe(false)
  })

  it('negated operators never reach the positive comparison', () => {
    expect(cmp('StringNotEquals', 'a', 'b')).toBe(false)
    expect(cmp('Null', 'a', 'true')).toBe(false)
  })
})
