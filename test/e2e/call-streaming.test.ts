/**
 * Response streaming (an integration with `responseTransferMode: STREAM`): API Gateway sends the
 * answer as the backend produces it, for up to 15 minutes, and ends a stream idle for 5 minutes
 * on private endpoints. `pvapi call` must write each part as it arrives (stdout and -o), keep
 * -w's timings right (time_starttransfer at the first byte, time_total at the end), stop at a
 * -m the user gave, and otherwise set no limit of its own (call-streaming-limits.test.ts proves
 * that part with a fake clock).
 *
 * The fake gateway yields the second part only when the test opens a gate, and the test opens it
 * when it has seen the first part come out of pvapi: a pvapi that buffered would show nothing
 * until the gate's fallback (20 s) opened it, and the "seen before the last part was sent"
 * assertion fails. No assertion depends on how fast the machine is.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import type { RouteContext, RouteResponse } from '../support/gateway-model.js'
import { gate, gatedParts, partsOverTime, type Gate } from '../support/stream-parts.js'
import { startCli } from '../hardening/support.js'
import { LOAD_SLACK_MS } from '../helpers/load-slack.js'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
/** The gate opens on its own after this long: a buffering pvapi then fails the test instead of hanging it. */
const FALLBACK_MS = 20_000

let gw: FakeGateway
let dir: string
/** The gate and the log of parts sent for the next request to /prod/gated. */
let current: { gate: Gate; sent: string[] } | undefined
/** Read through a function: TypeScript would keep `current` narrowed to undefined across the awaits. */
const now = () => current

beforeAll(async () => {
  const gated = (): RouteResponse => {
    const g = gate(FALLBACK_MS)
    const { parts, sent } = gatedParts('part-1\n', g, ['part-2\n', 'part-3\n'])
    current = { gate: g, sent }
    return { status: 200, headers: { 'content-type': 'text/event-stream' }, stream: parts }
  }
  const routes = [
    { method: 'GET', path: '/gated', handler: gated },
    {
      method: 'GET',
      path: '/forever',
      // The first part, then nothing: a stream only -m can end.
      handler: (): RouteResponse => ({ stream: gatedParts('part-1\n', gate(), []).parts }),
    },
    {
      method: 'GET',
      path: '/ticks',
      handler: (_ctx: RouteContext): RouteResponse => ({ stream: partsOverTime(['a\n', 'b\n', 'c\n'], 30) }),
    },
  ]
  gw = await startFakeGateway({ apis: [{ id: API, routes }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  dir = tempFiles({ 'ca.pem': gw.caPem })
})
afterAll(async () => {
  current?.gate.open()
  await gw?.close()
})

const args = (path: string, extra: string[] = []) => [
  'call',
  `https://${HOST}${path}`,
  '--connect-to',
  `${HOST}:443:127.0.0.1:${gw.port}`,
  '--cacert',
  join(dir, 'ca.pem'),
  ...extra,
]

/** Resolves when `seen()` is true, checked every 20 ms (a poll, not a bound: the run's own end stops it). */
const until = (seen: () => boolean, stop: Promise<unknown>) =>
  new Promise<boolean>(resolve => {
    const t = setInterval(() => {
      if (seen()) {
        clearInterval(t)
        resolve(true)
      }
    }, 20)
    void stop.then(() => {
      clearInterval(t)
      resolve(seen())
    })
  })

describe('call streams a STREAM integration', () => {
  it('writes each part to stdout as it arrives, and -w times the first byte and the end', async () => {
    current = undefined
    const run = startCli(
      args('/prod/gated', ['-w', '\\n%{http_code} %{time_starttransfer} %{time_total}\\n']),
      { env: envFor(TEMP) },
    )
    let stdout = ''
    run.child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8')
    })
    const seen = await until(() => stdout.includes('part-1'), run.done)
    // What the server had sent when pvapi's stdout showed the first part: only that part.
    const sentWhenSeen = [...(now()?.sent ?? [])]
    expect(seen).toBe(true)
    expect(now()?.gate.isOpen()).toBe(false)
    expect(sentWhenSeen).toEqual(['part-1\n'])
    // A second of silence inside the answer: time_total must include it, time_starttransfer not.
    await new Promise(resolve => setTimeout(resolve, 1000))
    now()?.gate.open()
    const r = await run.done
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [body, w] = [
      r.out.slice(0, r.out.lastIndexOf('\n200 ')),
      r.out.slice(r.out.lastIndexOf('\n200 ') + 1),
    ]
    expect(body).toBe('part-1\npart-2\npart-3\n')
    const [, start, total] = w.trim().split(' ').map(Number)
    expect(start).toBeGreaterThan(0)
    expect(total! - start!).toBeGreaterThanOrEqual(0.95)
  }, 40_000)

  it('-o grows its temporary file as the parts arrive, then moves it into place', async () => {
    current = undefined
    const out = join(dir, 'events.txt')
    const run = startCli(args('/prod/gated', ['-o', out]), { env: envFor(TEMP) })
    const temporary = () =>
      readdirSync(dir)
        .filter(f => f.startsWith('.events.txt.pvapi-') && f.endsWith('.tmp'))
        .map(f => join(dir, f))[0]
    const seen = await until(() => {
      const t = temporary()
      try {
        return t !== undefined && readFileSync(t, 'utf8').includes('part-1')
      } catch {
        return false // renamed between the listing and the read
      }
    }, run.done)
    expect(seen).toBe(true)
    expect(now()?.sent).toEqual(['part-1\n'])
    now()?.gate.open()
    const r = await run.done
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    expect(readFileSync(out, 'utf8')).toBe('part-1\npart-2\npart-3\n')
    expect(temporary()).toBeUndefined()
  }, 40_000)

  it('-v prints who answered and the response head when it arrives, the timings at the end', async () => {
    current = undefined
    const run = startCli(args('/prod/gated', ['-v']), { env: envFor(TEMP) })
    let stderr = ''
    run.child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString('utf8')
    })
    const seen = await until(() => stderr.includes('< HTTP/1.1 200'), run.done)
    expect(seen).toBe(true)
    expect(now()?.gate.isOpen()).toBe(false)
    expect(stderr).toMatch(/\* Connected to 127\.0\.0\.1 port \d+/)
    expect(stderr).not.toMatch(/\* Timing:/)
    now()?.gate.open()
    const r = await run.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/< HTTP\/1\.1 200[\s\S]*\* Timing: /)
    expect(r.stderr.match(/< HTTP\/1\.1 200/g)).toHaveLength(1)
  }, 40_000)

  it('-m still ends a stream that does not end: exit 28, the parts so far on stdout', async () => {
    const r = await startCli(args('/prod/forever', ['-m', '2']), { env: envFor(TEMP) }).done
    expect(r.code).toBe(28)
    expect(r.out).toBe('part-1\n')
    expect(r.stderr).toMatch(/timeout|timed out/i)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.ms).toBeLessThan(2000 + LOAD_SLACK_MS)
  })

  it('--repeat counts streamed answers like any other', async () => {
    const r = await startCli(args('/prod/ticks', ['--repeat', '3', '--format', 'json']), {
      env: envFor(TEMP),
    }).done
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out) as {
      completed: number
      statuses: Record<string, number>
      latencyMs: { min: number } | null
    }
    expect(report.completed).toBe(3)
    expect(report.statuses).toEqual({ '200': 3 })
    // Latency runs to the end of each answer: past the two 30 ms gaps between its parts.
    expect(report.latencyMs?.min).toBeGreaterThanOrEqual(55)
  })
})
