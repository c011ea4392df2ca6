/**
 * Condition rules that mutation testing (issue 18) found unpinned: each test names the IAM rule
 * and asserts the decision and the condition's facts (key, matched, the variables named).
 */
import { describe, expect, it } from 'vitest'
import { comparePositive, parseDateValue } from '../../src/policy/conditions/compare.js'
import { evaluatePolicy, type ContextInput } from '../../src/policy/index.js'
import { plainPieces } from '../../src/policy/variables.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'

/** One Allow statement with `condition`; the first condition's explanation and the decision. */
function check(condition: Record<string, unknown>, context: ContextInput) {
  const r = evaluatePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Cond', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', Condition: condition },
      ],
    },
    { resource: RESOURCE, context },
  )
  return { decision: r.decision, condition: r.statements[0]?.conditions[0] }
}

describe('StringLike is not ArnLike', () => {
  it('StringLike "arn:*" matches a value with fewer than six ARN segments; ArnLike does not', () => {
    expect(comparePositive('StringLike', 'arn:x', plainPieces('arn:*'))).toBe(true)
    expect(comparePositive('ArnLike', 'arn:x', plainPieces('arn:*'))).toBe(false)
    const r = check({ StringLike: { 'aws:SourceArn': 'arn:*' } }, { 'aws:SourceArn': 'arn:x' })
    expect(r.decision).toBe('allow')
    expect(r.condition?.key).toBe('aws:SourceArn')
  })
})

describe('BinaryEquals', () => {
  it('compares decoded bytes; atob-only spellings (inner spaces) are not base64 and fall back to text', () => {
    expect(comparePositive('BinaryEquals', 'YWJj', plainPieces('YWJj'))).toBe(true)
    // "YW Jj" decodes to "abc" with atob, but it is not base64, so it is compared as text.
    expect(comparePositive('BinaryEquals', 'YW Jj', plainPieces('YWJj'))).toBe(false)
    // Surrounding whitespace, even a no-break space atob would refuse, is not part of the bytes.
    expect(comparePositive('BinaryEquals', '\u00a0YWJj ', plainPieces('YWJj'))).toBe(true)
  })

  // parsePolicy rejects a policy value that is not base64; comparePositive still falls back to text.
  it('two values that are not base64 match only when the texts are equal', () => {
    expect(comparePositive('BinaryEquals', 'not base64!', plainPieces('not base64!'))).toBe(true)
    expect(comparePositive('BinaryEquals', 'other text!', plainPieces('not base64!'))).toBe(false)
  })
})

describe('numeric operators read numbers as numbers, not as dates', () => {
  it('NumericGreaterThanEquals accepts exponent and hex notation', () => {
    expect(comparePositive('NumericGreaterThanEquals', '1000', plainPieces('1e3'))).toBe(true)
    expect(comparePositive('NumericGreaterThanEquals', '16', plainPieces('0x10'))).toBe(true)
    expect(comparePositive('NumericGreaterThanEquals', '15', plainPieces('0x10'))).toBe(false)
    const r = check({ NumericGreaterThanEquals: { 'app:size': '1e3' } }, { 'app:size': '1000' })
    expect(r.decision).toBe('allow')
    expect(r.condition?.matched).toBe(true)
  })
})

describe('Null with both true and false', () => {
  it('matches whether the key is present or absent (the values are ORed)', () => {
    const present = check({ Null: { 'aws:SourceVpce': ['true', 'false'] } }, { 'aws:SourceVpce': 'vpce-1' })
    const absent = check({ Null: { 'aws:SourceVpce': ['true', 'false'] } }, {})
    expect(present.decision).toBe('allow')
    expect(absent.decision).toBe('allow')
    expect(present.condition?.key).toBe('aws:SourceVpce')
  })
})

describe('unresolved policy variables are each named', () => {
  it('when no value resolves, the reason lists every unresolved variable', () => {
    const r = check(
      { StringEquals: { 'app:who': ['${aws:username}', '${aws:PrincipalTag/team}'] } },
      { 'app:who': 'alice' },
    )
    expect(r.decision).toBe('implicit-deny')
    expect(r.condition?.matched).toBe(false)
    expect(r.condition?.reason).toContain('${aws:username}, ${aws:PrincipalTag/team}')
  })

  it('when some values resolve, the ignored ones are listed in the reason', () => {
    const r = check(
      { StringEquals: { 'app:who': ['${aws:username}', '${aws:PrincipalTag/team}', 'alice'] } },
      { 'app:who': 'alice' },
    )
    expect(r.decision).toBe('allow')
    expect(r.condition?.reason).toContain('${aws:username}, ${aws:PrincipalTag/team}')
  })
})

describe('dates are ISO 8601 or epoch seconds only', () => {
  it('rejects spellings Date.parse would read as local time (a one-digit day, a weekday prefix)', () => {
    expect(parseDateValue('2024-01-1')).toBeNaN()
    expect(parseDateValue('Mon 2024-01-01')).toBeNaN()
    expect(parseDateValue('2024-01-01')).toBe(Date.UTC(2024, 0, 1))
    expect(comparePositive('DateLessThan', '2023-12-31T00:00:00Z', plainPieces('2024-01-1'))).toBe(false)
  })
})
