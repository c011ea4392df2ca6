/**
 * A live doctor against an AWS endpoint that accepts connections and never answers (the
 * built CLI, AWS_ENDPOINT_URL at a loopback black hole): it ends at its deadline or at the
 * per-request timeouts, exit 3, and names the endpoint that did not answer once, with no
 * permission advice. Elapsed times are printed; the bounds asserted are generous on purpose
 * (a busy 2-core machine), the figures are what to read.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCli } from '../hardening/support.js'
import { occurrences, startSilentAws, type Silent } from './live-limits.js'

const root = new URL('../../', import.meta.url).pathname
let silent: Silent
beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cjs/cli.js'))) throw new Error('run npm run build first')
  silent = await startSilentAws()
})
afterAll(async () => silent?.close())

it('--timeout 3: ends at the deadline, exit 3, the silent endpoint named once, no permission advice', async () => {
  const r = await startCli(silent.args(['--timeout', '3']), { env: silent.env() }).done
  console.log(`doctor --timeout 3 against a silent endpoint ended after ${Math.round(r.ms)} ms`)
  expect(r.code, r.stderr).toBe(3)
  expect(r.ms).toBeLessThan(15_000)
  const all = r.out + r.stderr
  const endpoint = `127.0.0.1:${silent.hole.port}`
  expect(occurrences(all, endpoint)).toBe(1)
  expect(r.out).toMatch(
    new RegExp(
      `${endpoint.replace(/\./g, '\\.')} had not answered when the 3 s deadline passed \\(--timeout\\): \\d+ checks unknown`,
    ),
  )
  expect(r.out).toContain('STOPPED at the 3 s deadline')
  // The network is the cause: no "would reveal it: ec2:…" advice anywhere.
  expect(r.out).not.toMatch(/would reveal it:[^\n]*\b(ec2|apigateway|sts|cloudtrail|lambda):/)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}, 30_000)

it('per-request timeouts end the run long before the default 60 s deadline; JSON names the cause per unknown', async () => {
  const r = await startCli(
    silent.args(['--aws-read-timeout', '1', '--aws-connect-timeout', '1', '--format', 'json']),
    { env: silent.env() },
  ).done
  console.log(`doctor (1 s request timeouts, default deadline) ended after ${Math.round(r.ms)} ms`)
  expect(r.code, r.stderr).toBe(3)
  expect(r.ms).toBeLessThan(30_000)
  const j = JSON.parse(r.out)
  expect(j.collection).toMatchObject({ stoppedBy: null, timeoutMs: 60_000, readTimeoutMs: 1000 })
  const endpoint = `127.0.0.1:${silent.hole.port}`
  const awsCause = j.verdict.causes.find((c: { endpoint: string }) => c.endpoint === endpoint)
  expect(awsCause).toMatchObject({ kind: 'timeout', timeoutMs: 1000 })
  expect(awsCause.summary).toBe(`${endpoint} did not answer within 1 s`)
  expect(awsCause.checks.length).toBeGreaterThan(10)
  const dnsCause = j.verdict.causes.find((c: { kind: string }) => c.kind === 'dns')
  expect(dnsCause?.endpoint).toBe(`127.0.0.1:${silent.dnsPort}`)
  // Every unknown tied to a network cause, and none of those suggests a permission.
  for (const u of j.verdict.unknowns.filter((x: { cause: string | null }) => x.cause)) {
    const cause = j.verdict.causes.find((c: { id: string }) => c.id === u.cause)
    expect(cause.checks).toContain(u.check)
    expect(u.missing.filter((m: string) => /^[a-z0-9-]+:[A-Za-z]/.test(m))).toEqual([])
  }
  const finding = j.findings.find((f: { id: string }) => f.id === 'vpce.state-available')
  expect(finding).toMatchObject({ status: 'unknown', cause: awsCause.id })
}, 40_000)
