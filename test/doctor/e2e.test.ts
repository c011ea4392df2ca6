/**
 * End to end: `pvapi doctor --snapshot …` on every scenario file, in text, JSON and Markdown,
 * with the exit code the scenario's verdict implies (0 pass, 1 fail, 3 incomplete); and proof
 * that the offline path loads no AWS SDK module. Every fixture runs in-process through main()
 * (run-in-process.ts); the first few also run the built binary (`node bin/pvapi.js`), which must
 * print the same.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runInProcess } from '../helpers/run-in-process.js'

const run = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname
const bin = join(root, 'bin/pvapi.js')
const dir = join(root, 'fixtures/snapshots')
const files = readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort()
const EXIT = { pass: 0, fail: 1, incomplete: 3 } as const
const env = { ...process.env, NO_COLOR: '1' }

async function cli(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], {
      env: { ...env, ...extraEnv },
      maxBuffer: 8 << 20,
    })
    return { code: 0, out: r.stdout, err: r.stderr }
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' }
  }
}

/** The built binary for the first fixtures (process start-up is ~100 ms each); main() for all. */
const SPAWNED = new Set(files.slice(0, 3))
async function doctor(file: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const inProcess = await runInProcess(args, { env: { NO_COLOR: '1' } })
  const r = { code: inProcess.code ?? -1, out: inProcess.out, err: inProcess.stderr }
  if (SPAWNED.has(file)) {
    const spawned = await cli(args)
    expect({ code: spawned.code, out: spawned.out, err: spawned.err }).toEqual(r)
  }
  return r
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cjs/cli.js'))) await run('npm', ['run', 'build'], { cwd: root })
}, 120_000)

describe.each(files)('pvapi doctor --snapshot fixtures/snapshots/%s', file => {
  const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    expect: { verdict: { status: keyof typeof EXIT; hop: number | null; check: string | null } }
  }
  const want = scenario.expect.verdict

  it('text, json and markdown agree with the scenario and exit accordingly', async () => {
    const path = join(dir, file)
    const [text, json, md] = await Promise.all([
      doctor(file, ['doctor', '--snapshot', path]),
      doctor(file, ['doctor', '--snapshot', path, '--format', 'json']),
      doctor(file, ['doctor', '--snapshot', path, '--format', 'markdown']),
    ])
    for (const r of [text, json, md]) {
      expect(r.code, r.err).toBe(EXIT[want.status])
      expect(r.err).toBe('')
    }
    const j = JSON.parse(json.out)
    expect({ status: j.verdict.status, hop: j.verdict.hop, check: j.verdict.check }).toEqual(want)
    const head = text.out.slice(0, text.out.indexOf('Hop 1 '))
    if (want.status === 'fail') {
      expect(head).toContain(`FAIL at hop ${want.hop}`)
      expect(head).toContain(want.check!)
      expect(md.out).toContain(`FAIL at hop ${want.hop}`)
    } else if (want.status === 'incomplete') {
      expect(head).toContain('INCOMPLETE')
      expect(head).toContain('would reveal it:')
    } else {
      expect(head).toContain('PASS')
    }
    expect(md.out).toMatch(/^## pvapi doctor — /)
    expect(md.out).toContain('| Hop | Check | Status | Summary |')
    expect(text.out).toMatch(/Hop 8 {2}Handler/)
  })
})

describe('start-up', () => {
  // Strings only an AWS SDK client carries (its service's XML namespace or Smithy service name),
  // bundled or not: EC2, STS, IAM, API Gateway, Lambda.
  const CLIENT_MARKERS = [
    'ec2.amazonaws.com/doc/2016-11-15',
    'sts.amazonaws.com/doc/2011-06-15',
    'iam.amazonaws.com/doc/2010-05-08',
    'BackplaneControlService',
    'AWSGirApiService',
  ]

  it('doctor --snapshot loads no AWS SDK client (a control run proves the probe sees them)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'pvapi-guard-'))
    const log = join(tmp, 'loaded.txt')
    writeFileSync(
      join(tmp, 'hook.mjs'),
      `import { appendFileSync } from 'node:fs'\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context)\n  appendFileSync(${JSON.stringify(log)}, r.url + '\\n')\n  return r\n}\n`,
    )
    writeFileSync(
      join(tmp, 'register.mjs'),
      `import { register } from 'node:module'\nregister(${JSON.stringify(new URL(`file://${join(tmp, 'hook.mjs')}`).href)})\n`,
    )
    // The bundle is CommonJS, which the ESM hook above does not see: list require's cache too.
    writeFileSync(
      join(tmp, 'preload.cjs'),
      `const { appendFileSync } = require('node:fs')\nconst { pathToFileURL } = require('node:url')\nprocess.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(require.cache).map((f) => pathToFileURL(f).href + '\\n').join('')))\n`,
    )
    const loaded = async (args: string[], extra: Record<string, string> = {}) => {
      writeFileSync(log, '')
      let code = 0
      try {
        await run(
          process.execPath,
          ['--import', join(tmp, 'register.mjs'), '--require', join(tmp, 'preload.cjs'), bin, ...args],
          { env: { ...env, ...extra } },
        )
      } catch (e) {
        code = (e as { code?: number }).code ?? -1
      }
      const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))]
      const clients = urls.filter(u => {
        if (u.includes('/@aws-sdk/client-')) return true
        if (!u.startsWith('file:')) return false
        const text = readFileSync(new URL(u), 'utf8')
        return CLIENT_MARKERS.some(m => text.includes(m))
      })
      return { code, clients }
    }
    const offline = await loaded([
      'doctor',
      '--snapshot',
      join(dir, 'row28-sourcevpce-lists-old-endpoint.json'),
      '--format',
      'json',
    ])
    expect(offline.code).toBe(1)
    expect(offline.clients).toEqual([])
    expect((await loaded(['doctor', '--print-iam-policy'])).clients).toEqual([])
    // Control: a live run (environment keys) loads the clients, and the probe sees them.
    const live = await loaded(
      [
        'doctor',
        'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items',
        '--api-account',
        '222222222222',
      ],
      {
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_PROFILE: '',
      },
    )
    expect(live.clients.length).toBeGreaterThan(0)
  })
})
