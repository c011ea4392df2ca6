import { generateKeyPairSync } from 'node:crypto'
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { createTestPki } from '../support/test-ca.js'
import { TEMP, cliEnv, envFor, tempFiles } from '../helpers/run-cli.js'
import { runInProcess } from '../helpers/run-in-process.js'

// In-process through main() (no process start each): output, retries, TLS and skew are the CLI's
// logic. What needs a real process (exit on a closed pipe, Ctrl-C, hangs) is in call-faults and
// test/hardening/faults.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let mtls: FakeGateway
let dir: string
let attempts = 0

beforeAll(async () => {
  const routes = [
    {
      method: 'GET',
      path: '/flaky',
      handler: () =>
        ++attempts < 3
          ? {
              status: 503,
              errorType: 'ServiceUnavailableException',
              body: { message: 'Service Unavailable' },
            }
          : { status: 200, body: { attempts } },
    },
    {
      method: 'GET',
      path: '/boom',
      handler: {
        status: 502,
        errorType: 'InternalServerErrorException',
        body: { message: 'Internal server error' },
      },
    },
    {
      method: 'GET',
      path: '/moved',
      handler: { status: 302, headers: { location: 'https://evil.example/steal' }, body: '' },
    },
    { method: 'GET', path: '/open', authorizationType: 'NONE' as const },
    { method: 'ANY', path: '/{proxy+}' },
  ]
  gw = await startFakeGateway({ apis: [{ id: API, routes }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  const pki = await createTestPki()
  const client = await pki.issueClientCert({ cn: 'pvapi test client' })
  // A key that belongs to no certificate (the test PKI reuses its keys, so make a fresh one).
  const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string
  mtls = await startFakeGateway({ apis: [{ id: API }], mtls: { caPem: pki.caPem } })
  mtls.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  dir = tempFiles({
    'ca.pem': gw.caPem,
    'client.pem': client.certPem,
    'client.key': client.keyPem,
    'both.pem': client.certPem + client.keyPem,
    'other.key': otherKey,
    'not-pem.txt': 'hello',
  })
})
afterAll(async () => {
  await gw?.close()
  await mtls?.close()
})

const via = (g: FakeGateway = gw) => [
  '--connect-to',
  `${HOST}:443:127.0.0.1:${g.port}`,
  '--cacert',
  join(dir, 'ca.pem'),
]
const call = (path: string, args: string[] = [], env = envFor(TEMP)) =>
  runInProcess(['call', `https://${HOST}${path}`, ...via(), ...args], { env })

describe('output like curl', () => {
  it('-i prints the status line and headers first', async () => {
    const r = await call('/prod/x', ['-i'])
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(r.out).toMatch(/\r\n\r\n\{/)
  })
  it('-o writes the body to a file atomically and nothing to stdout', async () => {
    const out = join(dir, 'body.json')
    const r = await call('/prod/x', ['-o', out])
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ path: '/prod/x' })
    expect(readdirSync(dir).filter(f => f.includes('.tmp'))).toEqual([])
  })
  it('-o /dev/null or a symlink is written through, never renamed over (curl does the same)', async () => {
    // Renaming a temporary file over /dev/null replaced the device with a file when root.
    const r = await call('/prod/x', ['-o', '/dev/null'])
    expect(r.code).toBe(0)
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true)
    const target = join(dir, 'link-target.json')
    writeFileSync(target, 'old')
    const link = join(dir, 'link.json')
    symlinkSync(target, link)
    expect((await call('/prod/linked', ['-o', link])).code).toBe(0)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ path: '/prod/linked' })
  })
  it('-w renders curl variables after the body', async () => {
    const r = await call('/prod/x', [
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{remote_ip} %{method} %header{x-amzn-requestid}\\n',
    ])
    expect(r.out).toMatch(/^200 127\.0\.0\.1 GET \S+\n$/)
    expect(
      Number((await call('/prod/x', ['-s', '-o', '/dev/null', '-w', '%{time_total}'])).out),
    ).toBeGreaterThan(0)
  })
  it('-f exits 22 with no body; --fail-with-body prints it', async () => {
    const f = await call('/prod/boom', ['-f'])
    expect(f.code).toBe(22)
    expect(f.out).toBe('')
    expect(f.stderr).toContain('(22)')
    const fb = await call('/prod/boom', ['--fail-with-body'])
    expect(fb.code).toBe(22)
    expect(fb.out).toContain('Internal server error')
  })
  it('without -f an HTTP error exits 0, prints the body, and explains on stderr', async () => {
    const r = await call('/prod/x', ['--no-sign'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('Missing Authentication Token')
    expect(r.stderr).toContain('MissingAuthenticationTokenException')
    expect(r.stderr).toContain('not deployed')
    const s = await call('/prod/x', ['--no-sign', '-s'])
    expect(s.stderr).toBe('')
  })
  it('--no-sign reaches an AuthorizationType NONE method', async () => {
    const r = await call('/prod/open', ['--no-sign'])
    expect(JSON.parse(r.out)).toMatchObject({ principal: null })
  })
  it('never follows a redirect (the signature is for one host)', async () => {
    const r = await call('/prod/moved')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('not following the redirect to https://evil.example/steal')
    expect(gw.requests.at(-1)?.url).toBe('/prod/moved')
  })
  it('--retry re-signs each attempt and succeeds after 503s', async () => {
    attempts = 0
    const before = gw.requests.length
    // 1.1 s apart: X-Amz-Date has one-second resolution, so each re-signed attempt differs.
    const r = await call('/prod/flaky', ['--retry', '3', '--retry-delay', '1.1'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toEqual({ attempts: 3 })
    const seen = gw.requests.slice(before)
    expect(seen).toHaveLength(3)
    expect(new Set(seen.map(s => s.headers.find(([k]) => k === 'authorization')?.[1])).size).toBe(3)
    expect(r.stderr).toMatch(/HTTP 503; retrying/)
  })
})

describe('clock skew', () => {
  it('names the skew, and --fix-skew re-signs with the server clock', async () => {
    gw.setClockOffsetMs(12 * 60 * 1000)
    try {
      const r = await call('/prod/x')
      expect(r.out).toContain('Signature expired')
      expect(r.stderr).toMatch(/clock skew: your clock is 1[12]m\d+s behind the server/)
      const fixed = await call('/prod/x', ['--fix-skew'])
      expect(fixed.code).toBe(0)
      expect(JSON.parse(fixed.out)).toMatchObject({ principal: TEMP.arn })
      expect(fixed.stderr).toContain('re-signing')
    } finally {
      gw.setClockOffsetMs(0)
    }
  })
})

describe('review fixes', () => {
  it('--fix-skew never re-sends a request the server accepted (a NONE method checks no signature)', async () => {
    gw.setClockOffsetMs(12 * 60 * 1000)
    try {
      const before = gw.requests.length
      const r = await call('/prod/open', ['--fix-skew'])
      expect(r.code).toBe(0)
      expect(gw.requests.length - before).toBe(1)
      expect(r.stderr).toMatch(/clock skew/)
    } finally {
      gw.setClockOffsetMs(0)
    }
  })
  it('an IP URL with a Host override sends no SNI (never the Host header as the server name)', async () => {
    const r = await runInProcess(
      ['call', `https://127.0.0.1:${gw.port}/prod/x`, '-H', `Host: ${HOST}`, '-k', '--region', 'us-east-1'],
      { env: envFor(TEMP) },
    )
    expect(r.code).toBe(0)
    expect(gw.requests.at(-1)).toMatchObject({ servername: false, host: HOST })
  })
  it('-v hides an x-api-key in the canonical request and a bearer token sent with --no-sign', async () => {
    const key = 'api-key-value-0123456789'
    const v = await call('/prod/x', ['-v', '-H', `x-api-key: ${key}`])
    expect(v.stderr).toMatch(/\*   x-api-key:\[redacted \d+ chars/)
    expect(v.stderr).not.toContain(key)
    const bearer = 'eyJhbGciOiJIUzI1NiJ9.secret-payload.signature'
    const b = await call('/prod/open', ['-v', '--no-sign', '-H', `Authorization: Bearer ${bearer}`])
    expect(b.stderr).not.toContain(bearer)
  })
})

describe('TLS options', () => {
  it('mTLS: --cert/--key, or one file holding both', async () => {
    for (const args of [
      ['--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key')],
      ['--cert', join(dir, 'both.pem')],
    ]) {
      const r = await runInProcess(['call', `https://${HOST}/prod/x`, ...via(mtls), ...args], {
        env: envFor(TEMP),
      })
      expect(r.code).toBe(0)
      expect(mtls.requests.at(-1)).toMatchObject({
        clientCertSubject: expect.stringContaining('pvapi test client'),
      })
    }
  })
  it('mTLS without a client certificate fails the handshake (35)', async () => {
    const r = await runInProcess(['call', `https://${HOST}/prod/x`, ...via(mtls)], { env: envFor(TEMP) })
    expect([35, 56, 52]).toContain(r.code)
  })
  it('-k warns; without --cacert the test CA is not trusted (35)', async () => {
    const k = await runInProcess(
      ['call', `https://${HOST}/prod/x`, '--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`, '-k'],
      { env: envFor(TEMP) },
    )
    expect(k.code).toBe(0)
    expect(k.stderr).toContain('NOT verified')
    const strict = await runInProcess(
      ['call', `https://${HOST}/prod/x`, '--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`],
      { env: envFor(TEMP) },
    )
    expect(strict.code).toBe(35)
    expect(strict.stderr).toMatch(/^pvapi: TLS handshake with .* failed/)
  })
  it('files that are not PEM, or missing, are one-line errors', async () => {
    const r = await call('/prod/x', ['--cert', join(dir, 'not-pem.txt')])
    expect(r.code).toBe(58)
    expect(r.stderr).toContain('not a PEM certificate')
    const mismatch = await call('/prod/x', [
      '--cert',
      join(dir, 'client.pem'),
      '--key',
      join(dir, 'other.key'),
    ])
    expect(mismatch.code).toBe(58)
    expect(mismatch.stderr.split('\n')[0]).toMatch(/does not match the certificate/)
    const m = await runInProcess(['call', `https://${HOST}/x`, '--cacert', join(dir, 'missing.pem')], {
      env: envFor(TEMP),
    })
    expect(m.code).toBe(26)
    expect(m.stderr.split('\n')[0]).toBe(
      `pvapi: cannot read CA bundle ${join(dir, 'missing.pem')}: no such file`,
    )
  })
})

describe('credentials errors', () => {
  it('no credentials: exit 4 with a hint, no stack trace', async () => {
    const r = await runInProcess(['call', `https://${HOST}/prod/x`], { env: cliEnv() })
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/^pvapi: no AWS credentials found\n  hint: /)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
  it('--dry-run needs no network and prints the signed request, redacted', async () => {
    const r = await runInProcess(['call', `https://${HOST}/prod/x`, '--dry-run'], { env: envFor(TEMP) })
    expect(r.code).toBe(0)
    expect(r.out).toContain('Authorization: AWS4-HMAC-SHA256 Credential=ASIATEMPEXAMPLE00001/')
    expect(r.out).toMatch(/Signature=\[redacted sha256:[0-9a-f]{8}\]/)
    expect(r.out).not.toContain(TEMP.sessionToken)
    expect(existsSync(join(dir, 'nothing'))).toBe(false)
  })
})
