/**
 * Date conditions under time zones that are not UTC. IAM reads a date-time without a zone as
 * UTC; JavaScript's Date.parse reads it as local time, which a suite that only runs in UTC
 * cannot notice. Each zone is set before the engine runs (Node re-reads TZ when it is
 * assigned), and each block first proves the zone took effect, so these tests cannot pass
 * silently in UTC. Two zones: UTC+05:30 (a half-hour offset no rounding hides) and
 * America/Los_Angeles (behind UTC, with daylight saving time).
 */
import { isMainThread } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDateValue } from '../../src/policy/conditions/compare.js'
import { buildRequestContext, evaluatePolicy } from '../../src/policy/index.js'

const previous = process.env.TZ
// Assigning TZ re-reads the zone only in a process's main thread. The suite runs files in
// forked processes, so every zone below runs; Stryker's vitest runner uses worker threads,
// where only the zone the process started in can be tested (stryker/policy.config.mjs starts
// it in Asia/Kolkata), so the other zone's block is skipped there rather than passing untested.
const switchable = (zone: string): boolean => isMainThread || zone === previous
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

// [zone, offset in January (getTimezoneOffset: minutes behind UTC), offset in July]
describe.each([
  ['Asia/Kolkata', -330, -330],
  ['America/Los_Angeles', 480, 420],
])('date conditions in %s', (zone, january, july) => {
  if (!switchable(zone)) return void it.skip('the zone cannot be switched in a worker thread')

  beforeAll(() => {
    process.env.TZ = zone
  })

  it('runs in that zone', () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(january)
    expect(new Date(2024, 6, 1).getTimezoneOffset()).toBe(july)
  })

  it('parses a date-time without a zone as UTC, in winter and in summer', () => {
    expect(parseDateValue('2024-01-01T00:00:00')).toBe(Date.UTC(2024, 0, 1))
    expect(parseDateValue('2024-07-01T12:30')).toBe(Date.UTC(2024, 6, 1, 12, 30))
    expect(parseDateValue('2024-07-01T12:30:00.5')).toBe(Date.UTC(2024, 6, 1, 12, 30, 0, 500))
    expect(parseDateValue('2024-07-01')).toBe(Date.UTC(2024, 6, 1))
    expect(parseDateValue('2024-07-01T12:30:00-07:00')).toBe(Date.UTC(2024, 6, 1, 19, 30))
  })

  it('reads a date-time without a zone as UTC, in the policy and in the request', () => {
    expect(holds('DateEquals', '2024-01-01T00:00:00', '2024-01-01T00:00:00Z')).toBe(true)
    expect(holds('DateEquals', '2024-01-01T00:00', '2024-01-01T00:00:00Z')).toBe(true)
    expect(holds('DateEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00')).toBe(true)
    expect(holds('DateLessThan', '2024-01-01T05:00:00', '2024-01-01T04:59:59Z')).toBe(true)
    expect(holds('DateLessThan', '2024-01-01T05:00:00', '2024-01-01T05:00:00Z')).toBe(false)
    expect(holds('DateGreaterThanEquals', '2024-01-01T05:30:00', '2024-01-01T05:29:59Z')).toBe(false)
    expect(holds('DateGreaterThanEquals', '2024-07-01T08:00:00', '2024-07-01T08:00:00Z')).toBe(true)
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
