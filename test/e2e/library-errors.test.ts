import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inLibraryTerms } from '../../src/lib/errors.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { REPO, TEMP, envFor, runCli } from '../helpers/run-cli.js'

// Library errors name the library's options (`ca`, `timeoutMs`, `resolve`…); the CLI, sharing
// the same request code, keeps its flags. Checked on the shipped bundle (dist/lib.js).
type Lib = typeof import('../../src/lib/index.js')
const API = 'abc1234567'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE_NAME = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
let lib: Lib
let untrusted: FaultServer
let blackhole: FaultServer

beforeAll(async () => {
  lib = (await import(pathToFileURL(join(REPO, 'dist/lib.js')).href)) as Lib
  untrusted = await startFaultServer('untrusted')
  blackhole = await startFaultServer('blackhole')
})
afterAll(async () => {
  await untrusted?.close()
  await blackhole?.close()
})

/** A flag such as `--cacert`, `-m` or `-H` outside backticks (which quote other tools' commands). */
const FLAG = /(^|[\s(/,;:"'])--?[a-zA-Z][\w-]*/
const outsideBackticks = (s: string) => s.replace(/`[^`]*`/g, '')

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(lib.PvapiError)
  const e = err as { code: string; message: string; hint?: string }
  expect(outsideBackticks(`${e.message}\n${e.hint ?? ''}`)).not.toMatch(FLAG)
  return e
}

describe('library errors speak library', () => {
  it('an untrusted certificate points at `ca`, not --cacert', async () => {
    const e = await failure(
      lib.signedRequest(`https://${PRIVATE}/prod/x`, {
        credentials: TEMP,
        connectTo: [`::127.0.0.1:${untrusted.port}`],
      }),
    )
    expect(e.hint).toContain('`ca`')
  })
  it('a server that never answers points at `timeoutMs`, not -m/--max-time', async () => {
    const e = await failure(
      lib.signedRequest(`https://${PRIVATE}/prod/x`, {
        credentials: TEMP,
        connectTo: [`::127.0.0.1:${blackhole.port}`],
        ca: untrusted.caPem,
        timeoutMs: 300,
      }),
    )
    expect(e.code).toBe('PV_TIMEOUT')
    expect(`${e.message} ${e.hint}`).toMatch(/`(timeoutMs|connectTimeoutMs)`|security group/)
  })
  it.each([
    ['resolve', { resolve: ['no-colons'] }, '`resolve`'],
    ['connectTo', { connectTo: ['x'] }, '`connectTo`'],
    ['vpce', { vpce: 'nope' }, '`vpce`'],
    ['hostMode', { hostMode: 'sideways' as 'host' }, '`hostMode`'],
  ])('a bad %s names the option', async (_name, options, expected) => {
    const e = await failure(lib.signedRequest(`https://${PRIVATE}/prod/x`, { credentials: TEMP, ...options }))
    expect(`${e.message} ${e.hint}`).toContain(expected)
  })
  it('an API id that contradicts the URL names `apiId`; an endpoint name without one says so', async () => {
    const e = await failure(
      lib.signedRequest(`https://${PRIVATE}/prod/x`, { credentials: TEMP, apiId: 'zzz9999999' }),
    )
    expect(e.message).toContain('`apiId`')
    const f = await failure(lib.signedRequest(`https://${VPCE_NAME}/prod/x`, { credentials: TEMP }))
    expect(f.hint).toContain('`apiId`')
  })
  it('a custom domain without a region names `region`', async () => {
    const e = await failure(lib.signedRequest('https://api.internal.example.com/x', { credentials: TEMP }))
    expect(`${e.message} ${e.hint}`).toContain('`region`')
  })
})

describe('the CLI keeps its flags', () => {
  it('a bad --resolve and an untrusted certificate hint at flags', async () => {
    const bad = await runCli(['call', `https://${PRIVATE}/prod/x`, '--resolve', 'no-colons'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--resolve')
    const tls = await runCli(
      ['call', `https://${PRIVATE}/prod/x`, '--connect-to', `::127.0.0.1:${untrusted.port}`],
      { env: envFor(TEMP) },
    )
    expect(tls.code).toBe(35)
    expect(tls.stderr).toContain('--cacert')
  })
})

describe('inLibraryTerms', () => {
  it('translates flags and leaves quoted commands alone', () => {
    expect(inLibraryTerms('raise -m/--max-time or check the backend')).toBe(
      'raise `timeoutMs` or check the backend',
    )
    expect(inLibraryTerms('check --cert/--key for mTLS endpoints')).toBe(
      'check `cert`/`key` for mTLS endpoints',
    )
    expect(inLibraryTerms('run `aws sso login --profile dev`')).toBe('run `aws sso login --profile dev`')
    expect(inLibraryTerms('check --external-id / --mfa-serial')).toBe('check `externalId`')
    expect(inLibraryTerms('closing connections; try -v')).toBe('closing connections')
    expect(inLibraryTerms('e.g. -X GET, -X POST')).toBe("e.g. `method: 'GET'`, `method: 'POST'`")
    expect(inLibraryTerms('api-id and x-apigw-api-id stay')).toBe('api-id and x-apigw-api-id stay')
  })
})
