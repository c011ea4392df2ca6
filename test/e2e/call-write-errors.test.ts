/**
 * Write errors are errors (curl 23): `-o` onto a full device and stdout onto one both exit 23
 * with one line, never 0 with the body lost.
 */
import { spawn } from 'node:child_process'
import { existsSync, openSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { REPO, TEMP, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let dir: string

beforeAll(async () => {
  gw = await startFakeGateway({ apis: [{ id: API }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  dir = tempFiles({ 'ca.pem': gw.caPem })
})
afterAll(async () => {
  await gw?.close()
})

const args = (extra: string[]) => [
  'call',
  `https://${HOST}/prod/items`,
  '--connect-to',
  `${HOST}:443:127.0.0.1:${gw.port}`,
  '--cacert',
  join(dir, 'ca.pem'),
  ...extra,
]

describe.skipIf(!existsSync('/dev/full'))('write errors exit 23', () => {
  it('-o /dev/full: exit 23, one line naming the file', async () => {
    const r = await runCli(args(['-o', '/dev/full']), { env: envFor(TEMP) })
    expect(r.code).toBe(23)
    expect(r.stderr).toMatch(/^pvapi: could not write \/dev\/full: no space left on the device\n/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
  it('stdout on /dev/full: exit 23, one line', async () => {
    const fd = openSync('/dev/full', 'w')
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [join(REPO, 'bin/pvapi.js'), ...args([])], {
            env: envFor(TEMP),
            stdio: ['ignore', fd, 'pipe'],
          })
          let stderr = ''
          child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
          const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
          child.on('error', reject)
          child.on('close', code => {
            clearTimeout(killer)
            resolve({ code, stderr })
          })
        },
      )
      expect(code).toBe(23)
      expect(stderr).toMatch(/^pvapi: could not write to stdout: no space left on the device\n/)
    } finally {
      closeSync(fd)
    }
  })
})
