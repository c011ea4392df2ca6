// `npm run bench`: pvapi's speed figures in one table, each start-up figure also as a ratio
// to bare `node -e 0` measured in the same run (median of RUNS after a warm-up); `call` also
// against a bare Node script sending the same GET unsigned (its goal). Targets live here,
// never in timed tests. Run after `npm run build` (the npm script does it).
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO, loadTestSupport } from '../scripts/load-test-support.mjs'
import { benchLambda } from './lambda.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const BIN = join(REPO, 'bin/pvapi.js')
const CREDS = {
  accessKeyId: 'ASIABENCHEXAMPLE0001',
  secretAccessKey: 'bench/secret/key/0000000000000000000000',
  sessionToken: 'bench-session-token-0123456789abcdefghijklmnopqrstuvwxyz',
}
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  AWS_SESSION_TOKEN: CREDS.sessionToken,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
  NO_COLOR: '1',
}

// Each process reports its own CPU time (user + system) at exit through a tiny preload, so a
// figure can be read as CPU, which a busy machine disturbs far less than wall time.
const cpuDir = mkdtempSync(join(tmpdir(), 'pvapi-bench-cpu-'))
const CPU_PRELOAD = join(cpuDir, 'cpu.cjs')
writeFileSync(
  CPU_PRELOAD,
  "process.on('exit',()=>{const u=process.cpuUsage();require('node:fs').writeFileSync(process.env.PVAPI_BENCH_CPU,String((u.user+u.system)/1000))})\n",
)
let cpuRun = 0

/** Wall (and, for node commands, CPU) ms of one process, spawned asynchronously (the fakes run in this process). */
function once(cmd, args, extraEnv = {}) {
  const cpuFile = join(cpuDir, `run-${cpuRun++}`)
  const isNode = cmd === process.execPath
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, isNode ? ['-r', CPU_PRELOAD, ...args] : args, {
      env: { ...env, ...extraEnv, PVAPI_BENCH_CPU: cpuFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', c => (err += c))
    child.on('error', reject)
    child.on('close', code =>
      code === 0
        ? resolve({
            wall: performance.now() - t0,
            cpu: isNode && existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : Number.NaN,
          })
        : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`)),
    )
  })
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Interleave the commands run by run, so machine noise hits them all alike. */
async function timeAll(commands) {
  for (const c of commands) await once(c.cmd, c.args, c.env) // warm-up (disk cache, DNS of nothing)
  const samples = commands.map(() => [])
  for (let i = 0; i < RUNS; i++)
    for (const [j, c] of commands.entries()) samples[j].push(await once(c.cmd, c.args, c.env))
  return commands.map((c, j) => ({
    name: c.name,
    ms: median(samples[j].map(s => s.wall)),
    cpu: median(samples[j].map(s => s.cpu)),
    samples: samples[j],
  }))
}

/** Median of the run-by-run ratios a/b (pairs ran back to back, so drift cancels). */
const pairRatio = (a, b, key) => median(a.samples.map((s, i) => s[key] / b.samples[i][key]))

const { startFakeGateway } = await loadTestSupport('test/support/index.ts')
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const gw = await startFakeGateway({ apis: [{ id: API }] })
gw.credentials.add(CREDS.accessKeyId, {
  ...CREDS,
  principalArn: 'arn:aws:sts::111111111111:assumed-role/bench/b',
})
const dir = mkdtempSync(join(tmpdir(), 'pvapi-bench-'))
const ca = join(dir, 'ca.pem')
writeFileSync(ca, gw.caPem)
const url = `https://${HOST}/prod/items`
const pin = ['--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`, '--cacert', ca]

// What any Node program pays for one HTTPS request to the same fake (load node:https, TLS
// handshake, one GET, no signing, no CLI): the floor under `pvapi call`, for reading its ratio.
const rawHttps = join(dir, 'raw-https.cjs')
writeFileSync(
  rawHttps,
  `const https = require('node:https')
const ca = require('node:fs').readFileSync(${JSON.stringify(ca)})
https.request({ host: '127.0.0.1', port: ${gw.port}, servername: ${JSON.stringify(HOST)}, ca, path: '/prod/items', headers: { host: ${JSON.stringify(HOST)} } }, (res) => res.resume()).end()
`,
)

const commands = [
  { name: 'node -e 0 (floor)', cmd: process.execPath, args: ['-e', '0'] },
  { name: 'node, one unsigned https.request (reference)', cmd: process.execPath, args: [rawHttps] },
  { name: 'pvapi --version', cmd: process.execPath, args: [BIN, '--version'] },
  { name: 'pvapi --help', cmd: process.execPath, args: [BIN, '--help'] },
  {
    name: 'pvapi call (signed GET, loopback fake)',
    cmd: process.execPath,
    args: [BIN, 'call', url, ...pin, '-o', '/dev/null'],
  },
  // The first run after an install or upgrade, before the compile cache is filled.
  {
    name: 'pvapi call, compile cache off',
    cmd: process.execPath,
    args: [BIN, 'call', url, ...pin, '-o', '/dev/null'],
    env: { NODE_DISABLE_COMPILE_CACHE: '1' },
  },
]
const snapshot = join(REPO, 'examples/doctor/healthy.json')
if (existsSync(snapshot)) {
  commands.push({
    name: 'pvapi doctor --snapshot',
    cmd: process.execPath,
    args: [BIN, 'doctor', '--snapshot', snapshot, '--format', 'json'],
  })
  commands.push({
    name: 'pvapi doctor --snapshot, compile cache off',
    cmd: process.execPath,
    args: [BIN, 'doctor', '--snapshot', snapshot, '--format', 'json'],
    env: { NODE_DISABLE_COMPILE_CACHE: '1' },
  })
}
const curlOk = await promisify(execFile)('curl', ['--help', 'all']).then(
  r => r.stdout.includes('--aws-sigv4'),
  () => false,
)
if (curlOk) {
  commands.push({
    name: 'curl --aws-sigv4 (reference)',
    cmd: 'curl',
    args: [
      '-sS',
      '-o',
      '/dev/null',
      '--aws-sigv4',
      'aws:amz:us-east-1:execute-api',
      '--user',
      `${CREDS.accessKeyId}:${CREDS.secretAccessKey}`,
      '-H',
      `x-amz-security-token: ${CREDS.sessionToken}`,
      ...pin,
      url,
    ],
  })
}

const timed = await timeAll(commands)
await gw.close()
const floor = timed[0].ms
const rows = timed.map(t => ({
  name: t.name,
  value: t.ms.toFixed(0),
  unit: 'ms',
  ratio: `${(t.ms / floor).toFixed(2)}×`,
}))
// `call`'s own cost: against the bare GET (any Node tool's floor), not against `node -e 0`.
// Goal on Node 20: <= 1.2x CPU and <= 1.05x wall.
const bare = timed[1]
const call = timed[4]
rows.push({
  name: 'pvapi call vs the bare GET script: CPU (goal ≤ 1.2×)',
  value: `${call.cpu.toFixed(0)}/${bare.cpu.toFixed(0)}`,
  unit: 'ms CPU',
  ratio: `${pairRatio(call, bare, 'cpu').toFixed(2)}×`,
})
rows.push({
  name: 'pvapi call vs the bare GET script: wall (goal ≤ 1.05×)',
  value: `${call.ms.toFixed(0)}/${bare.ms.toFixed(0)}`,
  unit: 'ms',
  ratio: `${pairRatio(call, bare, 'wall').toFixed(2)}×`,
})

// Install: the npm pack tarball, installed into an empty project offline, and npx from it on
// a clean cache (what a one-off `npx pvapi` costs once the tarball is at hand).
const run = promisify(execFile)
const packDir = mkdtempSync(join(tmpdir(), 'pvapi-bench-pack-'))
const npmEnv = { ...process.env, npm_config_nodedir: '' }
const packed = JSON.parse(
  (
    await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: REPO,
      env: npmEnv,
    })
  ).stdout,
)[0]
const tarball = join(packDir, packed.filename)
rows.push({ name: 'npm pack tarball', value: (packed.size / 1024).toFixed(0), unit: 'KiB', ratio: '' })
const project = join(packDir, 'project')
await run('mkdir', ['-p', project])
writeFileSync(join(project, 'package.json'), '{"name":"bench-consumer","private":true}')
await run(
  'npm',
  ['install', '--no-audit', '--no-fund', '--offline', '--cache', join(packDir, 'cache'), tarball],
  { cwd: project, env: npmEnv },
)
const installed = (await run('du', ['-sk', join(project, 'node_modules')])).stdout.split('\t')[0]
const fileCount = (await run('find', [join(project, 'node_modules'), '-type', 'f'])).stdout
  .trim()
  .split('\n').length
rows.push({ name: 'installed size (node_modules)', value: installed, unit: 'KiB', ratio: '' })
rows.push({ name: 'installed files', value: String(fileCount), unit: 'files', ratio: '' })
// The requestor Lambda: a handler importing signedRequest from that tarball, bundled like the CDK.
rows.push(...(await benchLambda({ project, runs: RUNS })))
const npxTimes = []
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  await run(
    'npx',
    ['--yes', '--cache', join(packDir, `npx-cache-${i}`), '--package', tarball, 'pvapi', '--version'],
    { cwd: packDir, env: npmEnv },
  )
  npxTimes.push(performance.now() - t0)
}
rows.push({
  name: 'npx from the tarball, clean cache, --version',
  value: median(npxTimes).toFixed(0),
  unit: 'ms',
  ratio: `${(median(npxTimes) / floor).toFixed(2)}×`,
})

// Throughput figures from the other benches (policy engine, doctor), when they exist.
for (const [file, fn] of [
  ['policy.mjs', 'benchPolicy'],
  ['doctor.mjs', 'doctorBench'],
  ['repeat.mjs', 'benchRepeat'],
]) {
  if (!existsSync(join(REPO, 'bench', file))) continue
  const mod = await import(`./${file}`)
  if (typeof mod[fn] !== 'function') continue
  for (const r of await mod[fn]())
    rows.push({
      name: r.name,
      value:
        typeof r.value === 'number'
          ? r.value.toLocaleString('en-US', { maximumFractionDigits: 1 })
          : String(r.value),
      unit: r.unit,
      ratio: r.ratio ?? '',
    })
}

const w = [
  Math.max(...rows.map(r => r.name.length), 6),
  Math.max(...rows.map(r => r.value.length), 5),
  Math.max(...rows.map(r => r.unit.length), 4),
  9,
]
const line = (a, b, c, d) =>
  `| ${a.padEnd(w[0])} | ${b.padStart(w[1])} | ${c.padEnd(w[2])} | ${d.padStart(w[3])} |`
console.log(
  `pvapi bench: Node ${process.version}, ${RUNS} runs per start-up figure (median, after a warm-up)\n`,
)
console.log(line('figure', 'value', 'unit', 'vs node'))
console.log(
  `|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 1)}:|${'-'.repeat(w[2] + 2)}|${'-'.repeat(w[3] + 1)}:|`,
)
for (const r of rows) console.log(line(r.name, r.value, r.unit, r.ratio))
