import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { startCli } from '../hardening/support.js'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'

// Ctrl-C while the doctor waits on AWS (an endpoint that accepts and never answers): it exits
// 130 at once, and --save-snapshot leaves neither a file nor a temporary one.
let hole: FaultServer
beforeAll(async () => {
  hole = await startFaultServer('blackhole')
})
afterAll(async () => hole?.close())

it('Ctrl-C during collection: exit 130 within a second, nothing saved', async () => {
  const dir = tempFiles({})
  const started = startCli(
    [
      'doctor',
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items',
      '--vpc',
      'vpc-00000000000000001',
      '--subnet',
      'subnet-00000000000000001',
      '--caller-sg',
      'sg-00000000000000001',
      '--api-account',
      '222222222222',
      '--save-snapshot',
      join(dir, 'snap.json'),
    ],
    { env: envFor(TEMP, { AWS_ENDPOINT_URL: `http://127.0.0.1:${hole.port}`, AWS_REGION: 'us-east-1' }) },
  )
  // Wait until the doctor's reads are stuck on the black hole.
  for (let i = 0; i < 50 && hole.connections() === 0; i++) await new Promise(r => setTimeout(r, 50))
  expect(hole.connections()).toBeGreaterThan(0)
  const sent = performance.now()
  started.child.kill('SIGINT')
  const r = await started.done
  expect(r.code, r.stderr).toBe(130)
  expect(performance.now() - sent).toBeLessThan(1000)
  expect(r.stderr).toMatch(/^pvapi: interrupted while collecting: nothing was saved$/m)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(readdirSync(dir)).toEqual([])
})
