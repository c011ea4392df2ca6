/** The pure parts of `call --repeat`: percentiles, aggregation, exit code, rendering. */
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  groupStats,
  latencySummary,
  percentile,
  repeatExitCode,
  zoneFromName,
  type RepeatSample,
} from '../../src/call/repeat-stats.js'
import { renderRepeatJson } from '../../src/render/repeat-json.js'
import {
  renderRepeatProgress,
  renderRepeatText,
  statusLine,
  type RepeatRunInfo,
} from '../../src/render/repeat-text.js'

const ok = (ms: number, address = '10.0.2.10'): RepeatSample => ({ address, status: 200, signed: true, ms })
const denied = (ms: number, address = '10.0.2.10'): RepeatSample => ({
  address,
  status: 403,
  errorType: 'AccessDeniedException',
  message:
    'User: arn:aws:sts::111111111111:assumed-role/r/s is not authorized to perform: execute-api:Invoke on resource: arn:x with an explicit deny',
  signed: true,
  ms,
})
const timeout = (address = '10.0.3.10'): RepeatSample => ({
  address,
  exitCode: 28,
  message: 'timed out after 1000 ms connecting to x (10.0.3.10) port 443',
  signed: true,
  ms: 1000,
})

describe('percentile (nearest rank)', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1) // 1..100
  it.each([
    [0, 1],
    [1, 1],
    [50, 50],
    [90, 90],
    [99, 99],
    [99.5, 100],
    [100, 100],
  ])('p%d of 1..100 is %d', (p, want) => expect(percentile(xs, p)).toBe(want))
  it('is always a measured value', () => {
    expect(percentile([3, 7], 50)).toBe(3)
    expect(percentile([3, 7], 51)).toBe(7)
    expect(percentile([5], 99)).toBe(5)
    expect(percentile([], 50)).toBeUndefined()
  })
  it('latencySummary sorts and rounds', () => {
    expect(latencySummary([5, 1, 3, 2, 4])).toEqual({
      count: 5,
      min: 1,
      p50: 3,
      p90: 5,
      p99: 5,
      max: 5,
      mean: 3,
    })
    expect(latencySummary([])).toBeUndefined()
    // 18 fast, 2 slow: p90 is still fast, p99 and max are slow.
    const l = latencySummary([...Array.from({ length: 18 }, () => 2), 300, 310])!
    expect([l.p50, l.p90, l.p99, l.max]).toEqual([2, 2, 310, 310])
  })
})

describe('aggregation', () => {
  const samples = [ok(1), ok(2), ok(3), denied(4), timeout(), ok(5, '10.0.3.10')]
  it('counts statuses, transport errors and error classes (most frequent first)', () => {
    const g = groupStats(samples)
    expect(g).toMatchObject({
      completed: 6,
      answered: 5,
      statuses: { '200': 4, '403': 1 },
      transportErrors: { '28': 1 },
    })
    expect(g.errorClasses.map(e => [e.class, e.count])).toEqual([
      ['connect-timeout', 1],
      ['denied-explicit', 1],
    ])
    expect(g.errorClasses.find(e => e.class === 'denied-explicit')).toMatchObject({
      label: 'HTTP 403 AccessDeniedException',
      hops: [6, 4, 7],
      example: expect.stringMatching(/explicit deny$/),
    })
    // Latency only over answered requests.
    expect(g.latencyMs).toMatchObject({ count: 5, min: 1, max: 5 })
  })
  it('per address, in the order given, with zones', () => {
    const a = aggregate(samples, {
      elapsedMs: 2000,
      addresses: [
        { address: '10.0.2.10', availabilityZone: 'us-east-1a' },
        { address: '10.0.3.10', availabilityZone: 'us-east-1b' },
      ],
    })
    expect(a.requestsPerSecond).toBe(3)
    expect(
      a.perAddress?.map(p => [p.address, p.availabilityZone, p.completed, p.statuses, p.transportErrors]),
    ).toEqual([
      ['10.0.2.10', 'us-east-1a', 4, { '200': 3, '403': 1 }, {}],
      ['10.0.3.10', 'us-east-1b', 2, { '200': 1 }, { '28': 1 }],
    ])
  })
  it('exit code: 0 all good, the most frequent transport code, else 22', () => {
    expect(repeatExitCode(groupStats([ok(1), ok(2)]))).toBe(0)
    expect(repeatExitCode(groupStats([ok(1), denied(2)]))).toBe(22)
    expect(repeatExitCode(groupStats([ok(1), denied(2), timeout()]))).toBe(28)
  })
  it('zone from a zonal endpoint name', () => {
    expect(
      zoneFromName('vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com'),
    ).toBe('us-east-1a')
    expect(
      zoneFromName('vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'),
    ).toBeUndefined()
    expect(zoneFromName('a1b2c3d4e5.execute-api.us-east-1.amazonaws.com')).toBeUndefined()
  })
})

describe('rendering', () => {
  const stats = aggregate([ok(1.5), ok(2.25), denied(4), timeout()], {
    elapsedMs: 1000,
    addresses: [{ address: '10.0.2.10', availabilityZone: 'us-east-1a' }, { address: '10.0.3.10' }],
  })
  const info: RepeatRunInfo = {
    method: 'GET',
    url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items',
    concurrency: 2,
    requested: 4,
    sent: 4,
    stoppedBy: 'count',
    signed: true,
  }
  it('text: heading, statuses, latency, error classes with meaning, per address', () => {
    const t = renderRepeatText(stats, info)
    expect(t).toMatch(
      /^GET https:\/\/a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com\/prod\/items: 4 requests in 1\.00 s, 4 req\/s, concurrency 2, each freshly signed, keep-alive\n/,
    )
    expect(t).toMatch(/^status {4}200×2 {2}403×1 {2}timeout\(28\)×1$/m)
    expect(t).toMatch(
      /^latency {3}min 1\.50 {2}p50 2\.25 {2}p90 4\.00 {2}p99 4\.00 {2}max 4\.00 {2}\(ms, 3 answered\)$/m,
    )
    expect(t).toMatch(
      /1 {2}HTTP 403 AccessDeniedException +denied-explicit \(hop 6\/4\/7\): a policy explicitly denies/,
    )
    expect(t).toMatch(/^ {2}10\.0\.2\.10 \(us-east-1a\) +3 req {2}200×2 {2}403×1 {2}p50 2\.25/m)
    expect(t).toMatch(/^ {2}10\.0\.3\.10 +1 req {2}timeout\(28\)×1 {2}no answers$/m)
  })
  it('text: stopped early says why and how many were cancelled', () => {
    expect(renderRepeatText(stats, { ...info, requested: 100, sent: 6, stoppedBy: 'interrupted' })).toMatch(
      /interrupted \(Ctrl-C\) after 4 of 100 requests \(2 in flight cancelled\)/,
    )
    expect(
      renderRepeatText(stats, {
        ...info,
        requested: undefined,
        sent: 4,
        stoppedBy: 'duration',
        durationMs: 1500,
      }),
    ).toMatch(/stopped at --duration 1\.5 s after 4 requests/)
  })
  it('json: versioned, nulls where nothing was measured', () => {
    const j = JSON.parse(renderRepeatJson(stats, info, 28))
    expect(j).toMatchObject({
      schemaVersion: 1,
      requested: 4,
      sent: 4,
      completed: 4,
      stoppedBy: 'count',
      statuses: { '200': 2, '403': 1 },
      transportErrors: { '28': 1 },
      exitCode: 28,
    })
    expect(j.perAddress[1]).toMatchObject({ address: '10.0.3.10', latencyMs: null })
    expect(j.latencyMs).toMatchObject({ count: 3, p50: 2.25 })
  })
  it('status line and progress', () => {
    expect(statusLine(groupStats([]))).toBe('none')
    expect(
      renderRepeatProgress({ sent: 12, completed: 10, errors: 1, requested: 100, elapsedMs: 2000 }),
    ).toBe('pvapi: 10/100 done, 2 in flight, 1 not 2xx/3xx, 5 req/s, 2.0 s')
  })
})
