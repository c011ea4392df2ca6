/**
 * Date conditions under a time zone that is not UTC. IAM reads a date-time without a zone as
 * UTC; JavaScript's Date.parse reads it as local time, which a suite that only runs in UTC
 * cannot notice. The zone is set before the engine is imported (Node re-reads TZ when it is
 * assigned), and the test first proves the zone took effect.
 */
import { afterAll, describe, expect, it } from 'vitest'

const previous = process.env.TZ
process.env.TZ = 'Asia/Kolkata' // UTC+05:30: no DST, and a half-hour offset no rounding hides
const { buildRequestContext, evaluatePolicy } = await import('../../src/policy/index.js')

afterAll(() => {
  if (previous === undefined) delete process.env.TZ
  else process.env.TZ = previous
})

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const holds = (operator: string, policy: string, now: string): boolean =>
  evaluatePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { [operator]: { 'aws:CurrentTime': policy } },
        },
      ],
    },
    { resource: RESOURCE, context: { 'aws:CurrentTime': now } },
  ).decision === 'allow'

describe('date conditions in a non-UTC time zone', () => {
  it('runs in UTC+05:30', () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(-330)
  })

  it('reads a date-time without a zone as UTC, in the policy and in the request', () => {
    expect(holds('DateEquals', '2024-01-01T00:00:00', '2024-01-01T00:00:00Z')).toBe(true)
    expect(holds('DateEquals', '2024-01-01T00:00', '2024-01-01T00:00:00Z')).toBe(true)
    expect(holds('DateEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00')).toBe(true)
    expect(holds('DateLessThan', '2024-01-01T05:00:00', '2024-01-01T04:59:59Z')).toBe(true)
    expect(holds('DateLessThan', '2024-01-01T05:00:00', '2024-01-01T05:00:00Z')).toBe(false)
    expect(holds('DateGreaterThanEquals', '2024-01-01T05:30:00', '2024-01-01T05:29:59Z')).toBe(false)
  })

  it('reads a date without a time as midnight UTC, and keeps explicit offsets', () => {
    expect(holds('DateEquals', '2024-01-01', '2024-01-01T00:00:00Z')).toBe(true)
    expect(holds('DateEquals', '2024-01-01T05:30:00+05:30', '2024-01-01T00:00:00Z')).toBe(true)
  })

  it('writes aws:CurrentTime in UTC whatever the local zone', () => {
    const ctx = buildRequestContext({ principal: 'anonymous', now: new Date(Date.UTC(2024, 0, 1, 0, 0, 0)) })
    expect(ctx['aws:CurrentTime']).toBe('2024-01-01T00:00:00Z')
    expect(ctx['aws:EpochTime']).toBe(1704067200)
  })
})
