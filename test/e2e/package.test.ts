import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { REPO, TEMP, envFor } from '../helpers/run-cli.js'

// The published artifact, as a user gets it: `npm pack`, installed into an empty project from
// the tarball alone (offline, empty cache: nothing else to fetch), then run. A broken bundle
// fails here even when the sources are fine.
const run = promisify(execFile)
const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, env: { ...process.env, npm_config_nodedir: '' }, maxBuffer: 16 * 1024 * 1024 })
let dir: string
let tarball: string
let gw: FakeGateway

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvapi-pack-'))
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO)
  tarball = join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename)
  const project = join(dir, 'project')
  await run('mkdir', ['-p', project])
  writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}')
  await npm(
    ['install', '--no-audit', '--no-fund', '--offline', '--cache', join(dir, 'cache'), tarball],
    project,
  )
  gw = await startFakeGateway({ apis: [{ id: 'abc1234567' }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
}, 120_000)
afterAll(async () => gw?.close())

const bin = () => join(dir, 'project/node_modules/.bin/pvapi')
const pvapi = (args: string[]) =>
  run(bin(), args, { env: envFor(TEMP), cwd: dir }).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

describe('the packed tarball', () => {
  it('is small, ships only the allowlist, and has no runtime dependencies', async () => {
    expect(statSync(tarball).size).toBeLessThanOrEqual(1.5 * 1024 * 1024)
    const { stdout } = await run('tar', ['-tzf', tarball])
    const files = stdout.trim().split('\n')
    for (const f of files)
      expect(f).toMatch(
        /^package\/(bin\/(pvapi\.js|package\.json)|dist\/.+|README\.md|LICENSE|THIRD_PARTY_LICENSES|SECURITY\.md|package\.json)$/,
      )
    expect(files).toContain('package/THIRD_PARTY_LICENSES')
    const pkg = JSON.parse(readFileSync(join(dir, 'project/node_modules/pvapi/package.json'), 'utf8')) as {
      dependencies?: object
      files?: unknown
    }
    expect(pkg.dependencies ?? {}).toEqual({})
    expect(pkg.files).toBeUndefined()
  })
  it('runs --version and --help', async () => {
    expect((await pvapi(['--version'])).stdout).toBe(
      `${(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`,
    )
    expect((await pvapi(['call', '--help'])).stdout).toMatch(/^Usage: pvapi call/)
  })
  it('signs and sends a call to the loopback fake', async () => {
    const ca = join(dir, 'ca.pem')
    writeFileSync(ca, gw.caPem)
    const host = 'abc1234567.execute-api.us-east-1.amazonaws.com'
    const r = await pvapi([
      'call',
      `https://${host}/prod/items`,
      '--connect-to',
      `${host}:443:127.0.0.1:${gw.port}`,
      '--cacert',
      ca,
    ])
    expect(JSON.parse(r.stdout)).toMatchObject({ principal: TEMP.arn })
  })
  it('diagnoses a shipped example snapshot offline', async () => {
    const example = join(REPO, 'examples/doctor/healthy.json')
    if (!existsSync(example))
      return void console.warn('no examples/doctor/healthy.json yet: doctor --snapshot not checked')
    const r = await pvapi(['doctor', '--snapshot', example, '--format', 'json'])
    expect((r as { code?: number }).code ?? 0).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: { status: expect.any(String) } })
  })
  it('the library resolves from the installed package (import "pvapi", "pvapi/policy")', async () => {
    const script = join(dir, 'project/check.mjs')
    writeFileSync(
      script,
      "import { signedRequest, createSignedFetch } from 'pvapi'\nimport { evaluateRequest } from 'pvapi/policy'\nconsole.log(typeof signedRequest, typeof createSignedFetch, typeof evaluateRequest)\n",
    )
    const { stdout } = await run(process.execPath, [script], { cwd: join(dir, 'project') })
    expect(stdout.trim()).toBe('function function function')
  })
})
