import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(REPO, 'bin/pvapi.js')

/** Fake long-term credentials for a test user (never real: the fakes verify them). */
export const ALICE = {
  accessKeyId: 'AKIAALICEEXAMPLE0001',
  secretAccessKey: 'alice/secret/KEY+never+printed+0000000001',
  arn: 'arn:aws:iam::111111111111:user/alice',
}
export const TEMP = {
  accessKeyId: 'ASIATEMPEXAMPLE00001',
  secretAccessKey: 'temp/secret/KEY+never+printed+000000002',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE-session-token-never-printed-/+=0123456789abcdefABCDEF',
  arn: 'arn:aws:sts::111111111111:assumed-role/caller-role/s1',
}

/** The environment a test run gets: no AWS variables except the ones given, IMDS off. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^AWS_/.test(k) && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') env[k] = v
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/pvapi-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/pvapi-test-credentials',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    CI: 'true',
    // A fresh HOME per run: pvapi caches assumed-role sessions in ~/.aws/cli/cache, which must
    // never be the real one, nor carry one test's sessions into another.
    HOME: mkdtempSync(join(tmpdir(), 'pvapi-home-')),
    ...extra,
  }
}

export const envFor = (
  c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  extra: Record<string, string> = {},
) =>
  cliEnv({
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
    ...extra,
  })

export interface CliResult {
  readonly code: number | null
  readonly stdout: Buffer
  readonly stderr: string
  readonly ms: number
  readonly out: string
}

/** Run the built CLI (`npm run build` first; `npm test` does) as a user would. */
export function runCli(
  args: readonly string[],
  opts: { env?: Record<string, string>; stdin?: Buffer | string; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  if (!existsSync(join(REPO, 'dist/cjs/cli.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does it)')
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      env: opts.env ?? cliEnv(),
      cwd: opts.cwd ?? REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(killer)
      const stdout = Buffer.concat(out)
      resolve({
        code,
        stdout,
        out: stdout.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      })
    })
    child.stdin.end(opts.stdin ?? '')
  })
}

/** A temporary folder with the given files; returns its path. */
export function tempFiles(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-test-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}
