// The requestor-Lambda figures: a handler that imports `signedRequest` from the packed tarball,
// bundled the way the CDK's NodejsFunction does for Node 18+ runtimes (esbuild, ESM, minified,
// `@aws-sdk/*` external: the Lambda runtime provides SDK v3), and the same with the SDK inlined
// (for users who bundle everything). Size of the bundle, and the time to import it: median over
// RUNS fresh processes of `performance.now()` around `await import(bundle)`.
// Export: `benchLambda({ project, runs })` → rows `{ name, value, unit, ratio }`, where
// `project` is a folder whose node_modules holds the installed tarball. Run alone:
// `node bench/lambda.mjs` (packs and installs first; after `npm run build`).
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { REPO } from '../scripts/load-test-support.mjs'

const run = promisify(execFile)
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export const HANDLER = `import { signedRequest } from 'pvapi'

// Module scope: created once per execution environment, reused by warm invocations.
const API = process.env.API_URL ?? 'https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items'

export const handler = async () => {
  const res = await signedRequest(API)
  return { statusCode: res.status, body: res.text() }
}
`

/** The handler bundled like the CDK's NodejsFunction (sdkExternal: true) or with the SDK inlined. */
export async function bundleHandler(project, { sdkExternal }) {
  const { build } = await import('esbuild')
  const dir = mkdtempSync(join(project, 'handler-'))
  writeFileSync(join(dir, 'index.mjs'), HANDLER)
  const outfile = join(dir, 'out/index.mjs')
  await build({
    entryPoints: [join(dir, 'index.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    // Fully bundled: the SDK comes from the repo's node_modules (the consumer would install it).
    ...(sdkExternal ? { external: ['@aws-sdk/*'] } : { nodePaths: [join(REPO, 'node_modules')] }),
    // What the CDK adds for ESM output, so that bundled CommonJS can require built-ins.
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    outfile,
    logLevel: 'error',
  })
  return outfile
}

/**
 * Import time of a module, median over `runs` fresh processes (after one warm-up): wall ms and
 * CPU ms of the importing thread's process (CPU holds still on a busy machine, wall does not).
 */
export async function importMs(file, runs) {
  const code = `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});const u=process.cpuUsage(c);console.log(performance.now()-t,(u.user+u.system)/1000)`
  const once = async () =>
    (await run(process.execPath, ['--input-type=module', '-e', code], { cwd: tmpdir() })).stdout
      .trim()
      .split(' ')
      .map(Number)
  await once()
  const xs = []
  for (let i = 0; i < runs; i++) xs.push(await once())
  return { wall: median(xs.map(x => x[0])), cpu: median(xs.map(x => x[1])) }
}

export async function benchLambda({ project, runs = 9 }) {
  const rows = []
  for (const [label, sdkExternal] of [
    ['Lambda handler (signedRequest), CDK-style bundle, @aws-sdk/* external', true],
    ['Lambda handler, fully bundled (SDK inlined)', false],
  ]) {
    const file = await bundleHandler(project, { sdkExternal })
    rows.push({
      name: `${label}: size`,
      value: (statSync(file).size / 1000).toFixed(0),
      unit: 'kB',
      ratio: sdkExternal ? 'goal ≤ 250' : '',
    })
    const t = await importMs(file, runs)
    rows.push({
      name: `${label}: import (CPU ${t.cpu.toFixed(1)} ms)`,
      value: t.wall.toFixed(1),
      unit: 'ms',
      ratio: sdkExternal ? 'goal ≤ 25' : '',
    })
  }
  return rows
}

/** Pack the repo and install the tarball into an empty project (offline); returns the project. */
export async function installTarball() {
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-lambda-'))
  const npmEnv = { ...process.env, npm_config_nodedir: '' }
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: REPO,
    env: npmEnv,
  })
  const tarball = join(dir, JSON.parse(stdout)[0].filename)
  const project = join(dir, 'project')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), '{"name":"lambda-consumer","private":true}')
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--offline', '--cache', join(dir, 'cache'), tarball],
    {
      cwd: project,
      env: npmEnv,
    },
  )
  return project
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const project = await installTarball()
  for (const r of await benchLambda({ project, runs: Number(process.env.BENCH_RUNS ?? 9) }))
    console.log(`${r.name}: ${r.value} ${r.unit} ${r.ratio}`)
}
