import { build } from 'esbuild'
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
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

describe('the library as a requestor Lambda gets it', () => {
  const project = () => join(dir, 'project')
  it('its types compile in a strict consumer with skipLibCheck: false, and credentials are typed', async () => {
    // What a TypeScript Lambda project has: @types/node. No AWS SDK package, no @smithy/types.
    mkdirSync(join(project(), 'node_modules/@types'), { recursive: true })
    for (const pkg of ['@types/node', 'undici-types'])
      if (!existsSync(join(project(), 'node_modules', pkg)))
        symlinkSync(join(REPO, 'node_modules', pkg), join(project(), 'node_modules', pkg))
    writeFileSync(
      join(project(), 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: ['node'],
        },
        files: ['handler.ts'],
      }),
    )
    writeFileSync(
      join(project(), 'handler.ts'),
      `import { createSignedFetch, createSignedRequest, signedRequest, PvapiError, type AwsCredentialIdentity, type SignedResponse } from 'pvapi'
import { evaluateRequest } from 'pvapi/policy'
const creds: AwsCredentialIdentity = { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c', expiration: new Date() }
const request = createSignedRequest({ credentials: async () => creds, roleArn: ['arn:aws:iam::1:role/x'] })
const signedFetch = createSignedFetch({ vpce: 'vpce-0123456789abcdef0' })
// @ts-expect-error credentials are typed, not any
createSignedRequest({ credentials: { accessKeyId: 1 } })
export const handler = async (): Promise<number> => {
  const r: SignedResponse = await signedRequest('https://x', { credentials: creds, timeoutMs: 1000 })
  const f: Response = await signedFetch('https://x', { method: 'POST', body: '{}' })
  const e = new PvapiError('PV_X', 'm', 2)
  return r.status + f.status + (await request('https://x')).body.length + e.exitCode + (typeof evaluateRequest === 'function' ? 1 : 0)
}
`,
    )
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc')
    const r = await run(process.execPath, [tsc, '-p', project()], { cwd: project() }).catch(
      (e: { stdout: string }) => e,
    )
    expect(r.stdout).toBe('')
  }, 120_000)
  it('bundled like the CDK does (ESM, minified, @aws-sdk/* external): small, the SDK only behind import()', async () => {
    writeFileSync(
      join(project(), 'lambda.mjs'),
      "import { signedRequest } from 'pvapi'\nexport const handler = async () => (await signedRequest(process.env.URL)).status\n",
    )
    const outfile = join(project(), 'out/lambda.mjs')
    await build({
      entryPoints: [join(project(), 'lambda.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      external: ['@aws-sdk/*'],
      outfile,
      logLevel: 'error',
    })
    const text = readFileSync(outfile, 'utf8')
    expect(text.length).toBeLessThanOrEqual(250_000)
    expect(text).not.toMatch(/from\s*["']@aws-sdk\//)
    expect([...text.matchAll(/import\(\s*["'](@aws-sdk\/[^"']+)["']\s*\)/g)].map(m => m[1]).sort()).toEqual([
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-sts',
      '@aws-sdk/credential-providers',
    ])
  })
  it('without the optional SDK peers, a call that needs one says which to install', async () => {
    const script = join(project(), 'no-sdk.mjs')
    writeFileSync(
      script,
      `import { signedRequest } from 'pvapi'
try {
  await signedRequest('https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/x', {
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, roleArn: 'arn:aws:iam::222222222222:role/r' })
} catch (e) { console.log(JSON.stringify({ code: e.code, exitCode: e.exitCode, message: e.message, hint: e.hint })) }
`,
    )
    const { stdout } = await run(process.execPath, [script], { cwd: project(), env: envFor(TEMP) })
    const e = JSON.parse(stdout) as { code: string; exitCode: number; message: string; hint: string }
    expect(e).toMatchObject({ code: 'PV_LIB_SDK_MISSING', exitCode: 4 })
    expect(e.message).toContain('@aws-sdk/client-sts')
    expect(e.message).toContain('`roleArn`')
  })
})
