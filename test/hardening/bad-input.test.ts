/**
 * Bad input, table-driven (bad-input-cases.ts): every case runs the built CLI and must end
 * with its documented exit code, a first stderr line `pvapi: …` that names the input and what
 * is wrong, a hint where one helps, and no stack trace. With --debug, the same error carries
 * its stack trace. All runs happen once, concurrently, in beforeAll; each `it` checks one.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { createTestPki } from '../support/test-ca.js'
import { TEMP, cliEnv, envFor, tempFiles, type CliResult } from '../helpers/run-cli.js'
import { API, CASES, HOST, type BadInputCase, type Fixture } from './bad-input-cases.js'
import { runInProcess } from '../helpers/run-in-process.js'
import { STACK_FRAME, pool, sha256, startCli } from './support.js'

// ── fixture files (plain ones now; certificates in beforeAll) ─────────────────────────
const policy = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement })
const dir = tempFiles({
  'ok.json': policy([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }]),
  'deny-all.json': policy([{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }]),
  'trunc.json': policy([
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
  ]).slice(0, 60),
  'array.json': '[]',
  'number.json': '42',
  'null.json': 'null',
  'empty.json': '',
  'binary.json': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]),
  'effect-number.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 1, Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
  }),
  'statement-string.json': JSON.stringify({ Version: '2012-10-17', Statement: 'allow everything' }),
  'condition-string.json': policy([
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
      Condition: 'aws:SourceVpce=vpce-1',
    },
  ]),
  'duplicate-key.json':
    '{"Version":"2012-10-17","Statement":[{"Sid":"a","Sid":"b","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}',
  'deep.json': '['.repeat(100_000) + ']'.repeat(100_000),
  'trailing.json': `${policy([])} and more`,
  'not-pem.txt': 'this is not a certificate\n',
  'unreadable.json': '{}',
})
mkdirSync(join(dir, 'outdir'))

// Tests run as root in CI containers, where chmod 000 does not stop a read: detect it.
chmodSync(join(dir, 'unreadable.json'), 0o000)
let unreadableSkip: string | undefined
try {
  readFileSync(join(dir, 'unreadable.json'))
  unreadableSkip = 'this user (root) can read a chmod 000 file; the directory cases cover unreadable inputs'
} catch {
  unreadableSkip = undefined
}
const fixture: Fixture = { dir, ...(unreadableSkip ? { unreadableSkip } : {}) }

// ── inputs that must work: huge and binary bodies through the fake gateway ────────────
const HUGE = randomBytes(50 * 1024 * 1024)
const BINARY = Buffer.concat([
  Buffer.from([0, 13, 10, 255, 254, 0x1b]),
  randomBytes(4096),
  Buffer.from('\r\n\0'),
])
const withoutCrLf = (b: Buffer) => Buffer.from(b.filter(x => x !== 0x0d && x !== 0x0a))
const echoed = (r: CliResult) => JSON.parse(r.out) as { sha256: string; bytes: number; contentType?: string }
const BODIES: readonly BadInputCase[] = [
  {
    name: 'call --data-binary @- with 50 MB of binary stdin: sent and signed byte for byte',
    args: ['call', `https://${HOST}/prod/sha`, '--data-binary', '@-'],
    stdin: HUGE,
    gw: true,
    code: 0,
    check: r => expect(echoed(r)).toMatchObject({ bytes: HUGE.length, sha256: sha256(HUGE) }),
  },
  {
    name: 'call --data-binary @- with binary stdin (NUL, CR, LF, 0xFF)',
    args: ['call', `https://${HOST}/prod/sha`, '--data-binary', '@-'],
    stdin: BINARY,
    gw: true,
    code: 0,
    check: r => expect(echoed(r)).toMatchObject({ bytes: BINARY.length, sha256: sha256(BINARY) }),
  },
  {
    name: 'call -d @- with binary stdin strips CR and LF only (curl)',
    args: ['call', `https://${HOST}/prod/sha`, '-d', '@-'],
    stdin: BINARY,
    gw: true,
    code: 0,
    check: r => expect(echoed(r)).toMatchObject({ sha256: sha256(withoutCrLf(BINARY)) }),
  },
  {
    name: 'call --json @- with a body that is not JSON is sent as given (curl does not validate)',
    args: ['call', `https://${HOST}/prod/sha`, '--json', '@-'],
    stdin: '{"truncated":',
    gw: true,
    code: 0,
    check: r =>
      expect(echoed(r)).toMatchObject({
        sha256: sha256(Buffer.from('{"truncated":')),
        contentType: 'application/json',
      }),
  },
]

const ALL = [...CASES, ...BODIES]

// ── run everything once ───────────────────────────────────────────────────────────────
let gw: FakeGateway
const results = new Map<BadInputCase, { plain: CliResult; debug?: CliResult }>()
const skipReason = (c: BadInputCase) => c.skip?.(fixture)
/**
 * Errors pvapi raised itself (not commander while parsing): --debug must add a stack trace.
 * Checked on the first case of every command and exit code, and on every third case beyond
 * (each CLI run costs a process start; the whole file must stay well under a minute).
 */
const debugCases = new Set<BadInputCase>()
{
  const seen = new Set<string>()
  ALL.forEach((c, i) => {
    if (c.error === undefined || c.parser || c.code === 0 || skipReason(c)) return
    const key = `${c.args.slice(0, c.args[0] === 'policy' ? 2 : 1).join(' ')} → ${c.code}`
    if (!seen.has(key) || i % 3 === 0) debugCases.add(c)
    seen.add(key)
  })
}
const wantsDebugRun = (c: BadInputCase) => debugCases.has(c)

/**
 * Cases run in-process through main() (run-in-process.ts); the first of every exit code and
 * command also runs the built binary, which must agree on the exit code and the first stderr line.
 */
const processSamples = new Set<BadInputCase>()
{
  const seen = new Set<string>()
  for (const c of ALL) {
    const key = `${c.args[0]} → ${c.code}`
    if (skipReason(c) || c.process || seen.has(key) || (c.stdin?.length ?? 0) > 1_000_000) continue
    seen.add(key)
    processSamples.add(c)
  }
}
const processRuns = new Map<BadInputCase, CliResult>()

beforeAll(async () => {
  const pki = await createTestPki()
  const client = await pki.issueClientCert({ cn: 'pvapi bad-input client' })
  // A key that belongs to no certificate (the test PKI reuses its keys, so make a fresh one).
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string
  const der = Buffer.from(pki.caPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
  writeFileSync(join(dir, 'client.pem'), client.certPem)
  writeFileSync(join(dir, 'client.key'), client.keyPem)
  writeFileSync(join(dir, 'other.key'), other)
  writeFileSync(join(dir, 'ca.der'), der)
  writeFileSync(
    join(dir, 'garbage-cert.pem'),
    '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n',
  )

  const sha = (ctx: { body: Buffer; headers: ReadonlyArray<readonly [string, string]> }) => ({
    status: 200,
    body: {
      sha256: sha256(ctx.body),
      bytes: ctx.body.length,
      contentType: ctx.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1],
    },
  })
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'POST', path: '/sha', handler: sha },
          { method: 'ANY', path: '/{proxy+}' },
        ],
      },
    ],
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  writeFileSync(join(dir, 'ca.pem'), gw.caPem)
  const gwArgs = ['--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`, '--cacert', join(dir, 'ca.pem')]

  const runs: Array<{ c: BadInputCase; debug: boolean }> = []
  for (const c of ALL) {
    if (skipReason(c)) continue
    runs.push({ c, debug: false })
    if (wantsDebugRun(c)) runs.push({ c, debug: true })
  }
  await pool(runs, 6, async ({ c, debug }) => {
    const args = [
      ...c.args.map(a => a.replaceAll('{dir}', dir)),
      ...(c.gw ? gwArgs : []),
      ...(debug ? ['--debug'] : []),
    ]
    const env = c.env === 'bare' ? cliEnv() : envFor(TEMP)
    const stdin = c.stdin !== undefined ? { stdin: c.stdin } : {}
    const r = c.process
      ? await startCli(args, { env, ...stdin, timeoutMs: 20_000 }).done
      : await runInProcess(args, { env, ...stdin })
    const entry = results.get(c) ?? { plain: r }
    results.set(c, debug ? { ...entry, debug: r } : { ...entry, plain: r })
    if (!debug && !c.process && processSamples.has(c))
      processRuns.set(c, await startCli(args, { env, ...stdin, timeoutMs: 20_000 }).done)
  })
}, 120_000)

afterAll(async () => {
  chmodSync(join(dir, 'unreadable.json'), 0o600)
  await gw?.close()
})

describe('bad input: one line, the documented exit code, no stack trace', () => {
  it(`has at least 150 cases (${CASES.length} in the table, ${BODIES.length} body cases; ${debugCases.size} also run with --debug)`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150)
    expect(new Set(ALL.map(c => c.name)).size).toBe(ALL.length)
    // Every exit code an error case expects is also seen with --debug.
    expect(new Set([...debugCases].map(c => c.code))).toEqual(
      new Set(ALL.filter(c => c.error && !c.parser && c.code !== 0 && !skipReason(c)).map(c => c.code)),
    )
  })

  it(`the built binary agrees with main() on ${processSamples.size} cases (one per command and exit code)`, () => {
    expect(processRuns.size).toBe(processSamples.size)
    expect(processSamples.size).toBeGreaterThanOrEqual(10)
    for (const [c, p] of processRuns) {
      const r = results.get(c)?.plain
      expect({ name: c.name, code: p.code, first: p.stderr.split('\n')[0] }).toEqual({
        name: c.name,
        code: r?.code,
        first: r?.stderr.split('\n')[0],
      })
    }
  })

  for (const c of ALL) {
    const reason = skipReason(c)
    if (reason) {
      it.skip(`${c.name} (skipped: ${reason})`, () => undefined)
      continue
    }
    it(c.name, () => {
      const got = results.get(c)
      if (!got) throw new Error('the case did not run')
      const r = got.plain
      const why = `stderr:\n${r.stderr}\nstdout:\n${r.out.slice(0, 2000)}`
      expect(r.code, why).toBe(c.code)
      expect(r.stderr, why).not.toMatch(STACK_FRAME)
      expect(r.stderr, why).not.toMatch(/internal error/)
      if (c.error) {
        const [first = '', ...rest] = r.stderr.split('\n')
        expect(first, why).toMatch(/^pvapi: /)
        expect(first.slice('pvapi: '.length), why).toMatch(c.error)
        if (c.hint) {
          // The hint follows the error line (commander may put its "Did you mean …?" between).
          const hint = rest.find(l => l.startsWith('  hint: '))
          expect(hint, why).toMatch(c.hint)
        }
      }
      if (c.stdout) expect(r.out, why).toMatch(c.stdout)
      c.check?.(r, fixture)

      if (wantsDebugRun(c)) {
        const d = got.debug
        if (!d) throw new Error('the --debug run is missing')
        expect(d.code, d.stderr).toBe(c.code)
        expect(d.stderr.split('\n')[0], d.stderr).toBe(r.stderr.split('\n')[0])
        expect(d.stderr, 'with --debug the stack trace appears').toMatch(STACK_FRAME)
      }
    })
  }
})
