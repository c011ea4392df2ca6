/**
 * Faults not covered by test/e2e (call-faults, call-output, call-roles): a response larger than
 * memory should hold, HTTP/1.1 protocol garbage, hostile status lines and certificates,
 * redirects, credentials that expire mid-run, and Ctrl-C at every stage of a call. Each run
 * ends within its timeout plus a second with the documented exit code and a one-line message.
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOAD_SLACK_MS } from '../helpers/load-slack.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { CredentialStore } from '../support/credential-store.js'
import { startFaultServer } from '../support/fault-servers.js'
import { ALICE, TEMP, envFor, runCli, tempFiles, type CliResult } from '../helpers/run-cli.js'
import { STACK_FRAME, peakRssKb, startCli, type StartedCli } from './support.js'
import { startRawTlsServer, startStreamingServer, type LoopbackServer } from './servers.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const STARTUP_MS = 1500 + LOAD_SLACK_MS // process start-up allowance on a loaded CI machine
const MiB = 1024 * 1024

let gw: FakeGateway
let raw: LoopbackServer
let stream: Awaited<ReturnType<typeof startStreamingServer>>
let dir: string
/** Resolved by the /slow route the moment the gateway has the request. */
let arrived: () => void = () => undefined
let flakyCalls = 0

beforeAll(async () => {
  const routes = [
    {
      method: 'GET',
      path: '/slow',
      handler: () => {
        arrived()
        return { delayMs: 15_000, status: 200, body: { late: true } }
      },
    },
    {
      method: 'GET',
      path: '/busy',
      handler: {
        status: 503,
        errorType: 'ServiceUnavailableException',
        headers: { 'retry-after': '30' },
        body: { message: 'Service Unavailable' },
      },
    },
    {
      method: 'GET',
      path: '/expiring',
      // The first attempt is valid: the credentials then expire 300 ms later, before the retry.
      handler: () => {
        if (++flakyCalls === 1) {
          gw.credentials.add(EXPIRING.accessKeyId, {
            ...EXPIRING_STORED,
            expiresAt: new Date(Date.now() + 300),
          })
          return {
            status: 503,
            errorType: 'ServiceUnavailableException',
            body: { message: 'Service Unavailable' },
          }
        }
        return { status: 200, body: { ok: true } }
      },
    },
    {
      method: 'GET',
      path: '/hostile',
      handler: {
        status: 403,
        errorType: 'AccessDeniedException',
        // ESC sequences (clear screen, window title, OSC 52 clipboard write), BEL, CR, a bidi override.
        body: JSON.stringify({
          message:
            'User: anonymous is not authorized\u001b[2J\u001b]0;owned\u0007\u001b]52;c;ZWNobyBwd25lZA==\u0007\rpvapi: all good\u202eevil',
        }),
      },
    },
    ...[301, 302, 303, 307, 308].map(status => ({
      method: 'GET',
      path: `/moved-${status}`,
      handler: () => ({
        status,
        headers: { location: `https://127.0.0.1:${redirectTarget.port}/steal` },
        body: '',
      }),
    })),
    { method: 'ANY', path: '/{proxy+}' },
  ]
  gw = await startFakeGateway({ apis: [{ id: API, routes }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  gw.credentials.add(EXPIRING.accessKeyId, EXPIRING_STORED)
  redirectTarget = await startFaultServer('blackhole')
  raw = await startRawTlsServer({
    cn: 'evil\u001b]0;owned\u0007\u001b[2J\u202e',
    responses: {
      ssh: 'SSH-2.0-OpenSSH_9.6\r\n',
      'two-lengths': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'bad-status': 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n',
      'huge-headers': `HTTP/1.1 200 OK\r\n${Array.from({ length: 200 }, (_, i) => `X-Filler-${i}: ${'a'.repeat(500)}\r\n`).join('')}Content-Length: 0\r\n\r\n`,
      'nul-header': 'HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\nContent-Length: 0\r\n\r\n',
      'bad-chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'short-body': 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-this',
      'no-answer': tls => tls.end(),
      'headers-never-end': tls => tls.write('HTTP/1.1 200 OK\r\nX-Slow: 1\r\n'),
      'hostile-status':
        'HTTP/1.1 403 Forbidden\u001b[2J\u001b]0;owned\u0007\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      'http10-until-close': 'HTTP/1.0 200 OK\r\n\r\nbody until close',
    },
  })
  stream = await startStreamingServer()
  dir = tempFiles({ 'gw-ca.pem': gw.caPem, 'raw-ca.pem': raw.caPem, 'stream-ca.pem': stream.caPem })
}, 30_000)

afterAll(async () => {
  await Promise.all([gw?.close(), raw?.close(), stream?.close(), redirectTarget?.close()])
  rmSync(dir, { recursive: true, force: true })
})

let redirectTarget: Awaited<ReturnType<typeof startFaultServer>>
const EXPIRING = {
  accessKeyId: 'ASIAEXPIRINGMIDRUN01',
  secretAccessKey: 'expiring/secret/key/000000000000000000000',
  sessionToken: 'expiring-session-token-00000000000000000000000000',
}
const EXPIRING_STORED = {
  secretAccessKey: EXPIRING.secretAccessKey,
  sessionToken: EXPIRING.sessionToken,
  principalArn: 'arn:aws:sts::111111111111:assumed-role/app/expiring',
}

const via = (port: number, ca: string) => [
  '--connect-to',
  `${HOST}:443:127.0.0.1:${port}`,
  '--cacert',
  join(dir, ca),
]
const viaGw = () => via(gw.port, 'gw-ca.pem')
const viaRaw = () => via(raw.port, 'raw-ca.pem')
const viaStream = () => via(stream.port, 'stream-ca.pem')
const first = (r: CliResult) => r.stderr.split('\n')[0] ?? ''
const ESCAPES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

/** A fresh folder for outputs, and what is in it. */
function outDir(): { path: string; files: () => string[] } {
  const path = mkdtempSync(join(tmpdir(), 'pvapi-out-'))
  return { path, files: () => readdirSync(path) }
}

// ── responses larger than memory should hold ──────────────────────────────────────────
const TIME = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-v'] : undefined

/** Run the CLI and measure its peak RSS: /usr/bin/time -v when installed, else /proc polling. */
async function measured(
  args: string[],
): Promise<{ r: CliResult; rssKb: number | undefined; stderr: string }> {
  if (TIME) {
    const r = await startCli(args, { env: envFor(TEMP), wrapper: TIME, timeoutMs: 60_000 }).done
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]
    // time's own report follows pvapi's stderr (after an optional "Command exited with non-zero status N").
    const stderr =
      r.stderr.split(/^(?:Command exited with non-zero status \d+\n)?\tCommand being timed:/m)[0] ?? ''
    return { r, rssKb: rss ? Number(rss) : undefined, stderr }
  }
  const started = startCli(args, { env: envFor(TEMP), timeoutMs: 60_000 })
  let peak: number | undefined
  const poll = setInterval(() => {
    const v = started.child.pid ? peakRssKb(started.child.pid) : undefined
    if (v !== undefined) peak = Math.max(peak ?? 0, v)
  }, 25)
  const r = await started.done
  clearInterval(poll)
  return { r, rssKb: peak, stderr: r.stderr }
}
const canMeasure = TIME !== undefined || peakRssKb(process.pid) !== undefined
// Holding the body whole would add at least its size to what the same transfer of 1 MiB costs.
// Garbage collection is lazy, so the bound is relative to that 1 MiB run, measured the same way.
// Measured growth while streaming is flat in the body's size (64 and 200 MiB alike): ~22 MiB on
// Node 20, ~33 MiB on Node 24. A 96 MiB body against a 64 MiB bound leaves ~30 MiB of margin on
// both sides (a held body adds >= 96 MiB), and costs half the time of the 200 MiB it replaced.
const BODY_MIB = 96
const RSS_GROWTH_LIMIT_KB = 64 * 1024
async function rssBaselineKb(path: string): Promise<number> {
  const out = outDir()
  try {
    const { rssKb } = await measured([
      'call',
      `https://${HOST}${path}`,
      ...viaStream(),
      '-o',
      join(out.path, 'small.bin'),
    ])
    return rssKb ?? 0
  } finally {
    rmSync(out.path, { recursive: true, force: true })
  }
}

describe('a response larger than memory should hold', () => {
  it.skipIf(!canMeasure)(
    `${BODY_MIB} MiB streamed to -o: complete on disk, nothing on stdout, peak RSS far below the body size`,
    async () => {
      const out = outDir()
      try {
        const file = join(out.path, 'big.bin')
        const { r, rssKb, stderr } = await measured([
          'call',
          `https://${HOST}/prod/big-${BODY_MIB}`,
          ...viaStream(),
          '-o',
          file,
        ])
        expect(r.code, stderr).toBe(0)
        expect(r.out).toBe('')
        expect(statSync(file).size).toBe(BODY_MIB * MiB)
        // Spot-check the content: the server's pattern at the start and at the end.
        const bytes = readFileSync(file)
        expect(bytes.subarray(0, 1000).equals(stream.chunk.subarray(0, 1000))).toBe(true)
        expect(
          bytes.subarray(bytes.length - 1000).equals(stream.chunk.subarray(stream.chunk.length - 1000)),
        ).toBe(true)
        expect(out.files()).toEqual(['big.bin'])
        expect(rssKb, 'peak RSS measured').toBeDefined()
        expect(rssKb! - (await rssBaselineKb('/prod/big-1'))).toBeLessThan(RSS_GROWTH_LIMIT_KB)
      } finally {
        rmSync(out.path, { recursive: true, force: true })
      }
    },
    60_000,
  )

  it.skipIf(!canMeasure)(
    `a ${BODY_MIB} MiB *error* body (HTTP 500) is streamed too, not buffered: the hostile-backend case`,
    async () => {
      const out = outDir()
      try {
        const file = join(out.path, 'err.bin')
        const { r, rssKb, stderr } = await measured([
          'call',
          `https://${HOST}/prod/err-${BODY_MIB}`,
          ...viaStream(),
          '-o',
          file,
        ])
        expect(r.code, stderr).toBe(0)
        expect(statSync(file).size).toBe(BODY_MIB * MiB)
        expect(stderr).toMatch(/^pvapi: HTTP 500\n/)
        const baseline = await rssBaselineKb('/prod/err-1')
        expect(rssKb! - baseline).toBeLessThan(RSS_GROWTH_LIMIT_KB)
        // With -f the body is dropped as it arrives: exit 22, nothing written, memory still flat.
        const f = await measured([
          'call',
          `https://${HOST}/prod/err-${BODY_MIB}`,
          ...viaStream(),
          '-f',
          '-o',
          join(out.path, 'f.bin'),
        ])
        expect(f.r.code, f.stderr).toBe(22)
        expect(f.rssKb! - baseline).toBeLessThan(RSS_GROWTH_LIMIT_KB)
        expect(out.files()).toEqual(['err.bin'])
      } finally {
        rmSync(out.path, { recursive: true, force: true })
      }
    },
    60_000,
  )

  it('stdout closed by the reader mid-body (| head) is exit 23 with one line, not a crash', async () => {
    const started = startCli(['call', `https://${HOST}/prod/big-50`, ...viaStream()], { env: envFor(TEMP) })
    started.child.stdout?.once('data', () => started.child.stdout?.destroy())
    const r = await started.done
    expect(r.code, r.stderr).toBe(23)
    expect(first(r)).toBe('pvapi: could not write to stdout: the reading end of the pipe was closed')
    expect(r.stderr).not.toMatch(STACK_FRAME)
  })
})

// ── HTTP/1.1 protocol garbage and hostile servers ─────────────────────────────────────
describe('protocol garbage ends with curl codes and one line', () => {
  it.each([
    ['ssh', 56, /answered with something that is not HTTP\/1\.1 \(HPE_INVALID_CONSTANT\)/],
    ['two-lengths', 56, /not HTTP\/1\.1 \(HPE_UNEXPECTED_CONTENT_LENGTH\)/],
    ['bad-status', 56, /not HTTP\/1\.1 \(HPE_INVALID_STATUS\)/],
    ['huge-headers', 56, /answered with response headers over 16 KB \(HPE_HEADER_OVERFLOW\)/],
    ['nul-header', 56, /not HTTP\/1\.1 \(HPE_/],
    ['bad-chunk', 56, /not HTTP\/1\.1 \(HPE_INVALID_CHUNK_SIZE\)/],
    ['short-body', 56, /was reset while receiving the response/],
    ['no-answer', 52, /empty reply from .*: the connection closed before any response/],
  ] as const)('%s → %i', async (path, code, message) => {
    const r = await runCli(['call', `https://${HOST}/${path}`, ...viaRaw(), '-m', '5'], { env: envFor(TEMP) })
    expect(r.code, r.stderr).toBe(code)
    const line = r.stderr.split('\n').find(l => l.startsWith('pvapi: ')) ?? ''
    expect(line).toMatch(message)
    expect(line).toContain(`${HOST} (127.0.0.1) port ${raw.port}`)
    expect(r.stderr).not.toMatch(STACK_FRAME)
    expect(r.ms).toBeLessThan(5000 + 1000 + STARTUP_MS)
  })

  it('headers that never end: -m 1 ends with 28 within its timeout plus a second', async () => {
    const r = await runCli(['call', `https://${HOST}/headers-never-end`, ...viaRaw(), '-m', '1'], {
      env: envFor(TEMP),
    })
    expect(r.code).toBe(28)
    expect(first(r)).toMatch(/^pvapi: timed out after \d+ ms waiting for abc1234567/)
    expect(r.ms).toBeLessThan(1000 + 1000 + STARTUP_MS)
  })

  it('an HTTP/1.0 answer delimited by close is still read (exit 0)', async () => {
    const r = await runCli(['call', `https://${HOST}/http10-until-close`, ...viaRaw()], { env: envFor(TEMP) })
    expect(r.code).toBe(0)
    expect(r.out).toBe('body until close')
  })

  it('a hostile reason phrase and certificate subject reach stderr (-v) with their control characters escaped', async () => {
    const r = await runCli(['call', `https://${HOST}/hostile-status`, ...viaRaw(), '-v'], {
      env: envFor(TEMP),
    })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('< HTTP/1.1 403 Forbidden\\x1b[2J\\x1b]0;owned\\x07')
    expect(r.stderr).toContain('subject CN=evil\\x1b]0;owned\\x07\\x1b[2J\\u202e')
    expect(r.stderr).not.toMatch(ESCAPES)
  })

  it('an error body with ESC sequences, OSC 52, CR and a bidi override: stderr shows them escaped, on one line', async () => {
    const r = await runCli(['call', `https://${HOST}/prod/hostile`, ...viaGw()], { env: envFor(TEMP) })
    expect(r.code).toBe(0)
    expect(r.stderr).not.toMatch(ESCAPES)
    expect(first(r)).toBe(
      'pvapi: HTTP 403 AccessDeniedException: User: anonymous is not authorized\\x1b[2J\\x1b]0;owned\\x07\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x0dpvapi: all good\\u202eevil',
    )
    // stdout is the body, byte for byte, as curl prints it (see SECURITY.md).
    expect(JSON.parse(r.out).message).toContain('\u001b[2J')
  })
})

// ── redirects ─────────────────────────────────────────────────────────────────────────
describe('redirects are not followed without -L', () => {
  it.each([301, 302, 303, 307, 308])(
    '%i: reported, not followed, the signed request goes nowhere else',
    async status => {
      const before = gw.requests.length
      const r = await runCli(['call', `https://${HOST}/prod/moved-${status}`, ...viaGw(), '-m', '5'], {
        env: envFor(TEMP),
      })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toBe(
        `pvapi: not following the redirect to https://127.0.0.1:${redirectTarget.port}/steal (a signature is valid for one host; pvapi never forwards it)\n`,
      )
      expect(gw.requests.length - before).toBe(1)
      expect(redirectTarget.connections()).toBe(0)
    },
  )

  it('following is opt-in: --max-redirs without -L is refused, and nothing connects there', async () => {
    // -L exists since issue 13 (test/e2e/call-curl-habits.test.ts: credentials never cross hosts).
    const r = await runCli(['call', `https://${HOST}/prod/moved-302`, ...viaGw(), '--max-redirs', '3'], {
      env: envFor(TEMP),
    })
    expect(r.code).toBe(2)
    expect(first(r)).toMatch(/^pvapi: --max-redirs limits -L/)
    expect(redirectTarget.connections()).toBe(0)
  })
})

// ── credentials that expire mid-run ───────────────────────────────────────────────────
describe('expired credentials give a clear error', () => {
  it('call: the session expires between two --retry attempts → the 403 is named as an expired token', async () => {
    flakyCalls = 0
    const r = await runCli(
      ['call', `https://${HOST}/prod/expiring`, ...viaGw(), '--retry', '1', '--retry-delay', '1', '-f'],
      { env: envFor(EXPIRING) },
    )
    expect(r.code, r.stderr).toBe(22)
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(/^pvapi: HTTP 503; retrying in 1\.0 s/)
    expect(lines[1]).toBe(
      'pvapi: HTTP 403 ExpiredTokenException: The security token included in the request is expired',
    )
    expect(lines[2]).toBe(
      '  likely: the session token has expired: these temporary credentials no longer work',
    )
    expect(lines[3]).toMatch(/^ {2}next: get fresh credentials/)
    expect(r.stderr).not.toContain(EXPIRING.sessionToken)
  })

  describe('STS', () => {
    let sts: FakeSts
    const store = new CredentialStore()
    beforeAll(async () => {
      store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
      store.add(EXPIRING.accessKeyId, { ...EXPIRING_STORED, expiresAt: new Date(Date.now() - 60_000) })
      sts = await startFakeSts({
        credentials: store,
        roles: [
          {
            arn: 'arn:aws:iam::111111111111:role/jump',
            trustedPrincipals: ['arn:aws:sts::111111111111:assumed-role/app/expiring', ALICE.arn],
          },
        ],
      })
    })
    afterAll(async () => {
      await sts?.close()
    })

    it.each([
      ['whoami', ['whoami', '--region', 'us-east-1']],
      [
        'whoami with a role to assume',
        ['whoami', '--region', 'us-east-1', '--role-arn', 'arn:aws:iam::111111111111:role/jump'],
      ],
      [
        'call with a role to assume',
        ['call', `https://${HOST}/prod/x`, '--role-arn', 'arn:aws:iam::111111111111:role/jump'],
      ],
    ])('%s with expired credentials: exit 4, STS named, a hint to refresh', async (_name, args) => {
      const r = await runCli(args, { env: envFor(EXPIRING, { AWS_ENDPOINT_URL_STS: sts.endpoint }) })
      expect(r.code, r.stderr).toBe(4)
      expect(first(r)).toMatch(
        /^pvapi: sts:(GetCallerIdentity|AssumeRole on arn:aws:iam::111111111111:role\/jump): STS rejected the credentials \(ExpiredToken/,
      )
      expect(r.stderr.split('\n')[1]).toMatch(/^ {2}hint: refresh the credentials/)
      expect(r.stderr).not.toMatch(STACK_FRAME)
      expect(r.stderr).not.toContain(EXPIRING.sessionToken)
    })
  })
})

// ── Ctrl-C ────────────────────────────────────────────────────────────────────────────
describe('Ctrl-C exits promptly with 130 and leaves no output file', () => {
  /** SIGINT once `ready` resolves; returns the result and how long the exit took after the signal. */
  async function interrupt(
    started: StartedCli,
    ready: Promise<unknown>,
  ): Promise<{ r: CliResult; afterSignalMs: number }> {
    await ready
    const sent = performance.now()
    started.child.kill('SIGINT')
    const r = await started.done
    return { r, afterSignalMs: performance.now() - sent }
  }
  const stderrShows = (started: StartedCli, re: RegExp) =>
    new Promise<void>(resolve => {
      let seen = ''
      started.child.stderr?.on('data', (c: Buffer) => {
        seen += c.toString()
        if (re.test(seen)) resolve()
      })
    })
  /** Resolves once a temporary -o file in `out` holds some bytes (the body is arriving). */
  const temporaryFileFilling = (out: ReturnType<typeof outDir>) =>
    new Promise<void>(resolve => {
      const t = setInterval(() => {
        const tmp = out.files().find(f => f.endsWith('.tmp'))
        if (tmp && statSync(join(out.path, tmp)).size > 0) {
          clearInterval(t)
          resolve()
        }
      }, 20)
    })
  const expectInterrupted = (r: CliResult, afterSignalMs: number) => {
    expect(r.code, r.stderr).toBe(130)
    expect(
      r.stderr
        .split('\n')
        .filter(l => l.startsWith('pvapi: '))
        .at(-1),
    ).toBe('pvapi: interrupted')
    expect(r.stderr).not.toMatch(STACK_FRAME)
    expect(afterSignalMs).toBeLessThan(1000 + LOAD_SLACK_MS)
  }

  it('while the gateway delays its answer (-o): 130, no file, no temporary file', async () => {
    const out = outDir()
    const ready = new Promise<void>(r => (arrived = r))
    const started = startCli(
      ['call', `https://${HOST}/prod/slow`, ...viaGw(), '-o', join(out.path, 'slow.json')],
      { env: envFor(TEMP) },
    )
    const { r, afterSignalMs } = await interrupt(started, ready)
    expectInterrupted(r, afterSignalMs)
    expect(out.files()).toEqual([])
    rmSync(out.path, { recursive: true, force: true })
  })

  it('in the middle of a large body (-o): 130, the partial download is removed', async () => {
    const out = outDir()
    const started = startCli(
      ['call', `https://${HOST}/prod/slow-100`, ...viaStream(), '-o', join(out.path, 'part.bin')],
      { env: envFor(TEMP) },
    )
    const { r, afterSignalMs } = await interrupt(started, temporaryFileFilling(out))
    expectInterrupted(r, afterSignalMs)
    expect(out.files()).toEqual([])
    rmSync(out.path, { recursive: true, force: true })
  })

  it('in the middle of a body going to stdout: 130', async () => {
    const started = startCli(['call', `https://${HOST}/prod/slow-100`, ...viaStream()], { env: envFor(TEMP) })
    const ready = new Promise(resolve => started.child.stdout?.once('data', resolve))
    const { r, afterSignalMs } = await interrupt(started, ready)
    expectInterrupted(r, afterSignalMs)
    expect(r.stdout.length).toBeGreaterThan(0)
  })

  it('through a symlink, in the middle of a large body (-o link): the link and its file are untouched', async () => {
    const out = outDir()
    const target = join(out.path, 'target.bin')
    writeFileSync(target, 'old')
    symlinkSync(target, join(out.path, 'link.bin'))
    const started = startCli(
      ['call', `https://${HOST}/prod/slow-100`, ...viaStream(), '-o', join(out.path, 'link.bin')],
      { env: envFor(TEMP) },
    )
    const { r, afterSignalMs } = await interrupt(started, temporaryFileFilling(out))
    expectInterrupted(r, afterSignalMs)
    expect(out.files().sort()).toEqual(['link.bin', 'target.bin'])
    expect(lstatSync(join(out.path, 'link.bin')).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('old')
    rmSync(out.path, { recursive: true, force: true })
  })

  it('-o FIFO: a reader gets the body; with no reader, a second Ctrl-C still ends pvapi', async () => {
    const out = outDir()
    const fifo = join(out.path, 'fifo')
    execFileSync('mkfifo', [fifo])
    const reading = readFile(fifo, 'utf8')
    const r = await runCli(['call', `https://${HOST}/prod/items`, ...viaGw(), '-o', fifo], {
      env: envFor(TEMP),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(await reading)).toMatchObject({ path: '/prod/items' })
    expect(lstatSync(fifo).isFIFO()).toBe(true)

    // Opening a FIFO for writing blocks until a reader comes, in a libuv thread: the first
    // Ctrl-C cannot cancel that open, the second must end the process anyway (like curl).
    const started = startCli(['call', `https://${HOST}/prod/items`, ...viaGw(), '-o', fifo], {
      env: envFor(TEMP),
    })
    await new Promise(resolve => setTimeout(resolve, 1500))
    started.child.kill('SIGINT')
    await new Promise(resolve => setTimeout(resolve, 300))
    const sent = performance.now()
    started.child.kill('SIGINT')
    const ended = await started.done
    expect(performance.now() - sent).toBeLessThan(2000 + LOAD_SLACK_MS)
    expect(ended.signal ?? ended.code).toBe(ended.signal ? 'SIGINT' : 130)
    rmSync(out.path, { recursive: true, force: true })
  })

  it('during the wait before a --retry (Retry-After: 30): 130 at once, not after the wait', async () => {
    const out = outDir()
    const started = startCli(
      ['call', `https://${HOST}/prod/busy`, ...viaGw(), '--retry', '3', '-o', join(out.path, 'busy.json')],
      { env: envFor(TEMP) },
    )
    const { r, afterSignalMs } = await interrupt(started, stderrShows(started, /retrying in 30\.0 s/))
    expectInterrupted(r, afterSignalMs)
    expect(out.files()).toEqual([])
    rmSync(out.path, { recursive: true, force: true })
  })
})
