// pvapi doctor benchmarks (run after `npm run build`):
// - `doctor --snapshot` wall time against a bare `node -e 0` (median of runs after a warm-up):
//   the offline path must load no AWS client.
// - a live run's wall time against a loopback AWS-compatible endpoint that adds 100 ms to every
//   call (EC2, STS, IAM, API Gateway, Lambda, CloudTrail, Organizations), with DNS from a
//   loopback server: concurrency should keep it near a few round trips, not one per call.
// - the same run against the endpoint with no delay, interleaved with the delayed runs: the
//   difference over the delay is the number of round trips the run waits for one after the
//   other (its critical path). "Beyond --snapshot" also counts the CPU a live run spends that
//   the offline run does not (loading the SDK clients, signing, parsing the answers).
// Export: `doctorBench(options)` → rows `{ name, value, unit }`. Run alone: `node bench/doctor.mjs`.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startFakeAws } from '../test/aws/fake-aws-endpoint.mjs'
import { startFakeDns } from '../test/dns/fake-dns-server.mjs'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const bin = `${root}bin/pvapi.js`
const SNAPSHOT = `${root}examples/doctor/sourcevpce-mismatch.json`
const HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'

const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

async function wall(args, env) {
  const t = process.hrtime.bigint()
  try {
    await run(process.execPath, args, { env, maxBuffer: 8 << 20 })
  } catch (err) {
    // doctor exits 1/3 on purpose; anything else is a broken benchmark.
    if (![1, 3].includes(err.code)) throw err
  }
  return Number(process.hrtime.bigint() - t) / 1e6
}

/** Interleave the two commands so machine noise hits both alike. */
async function interleaved(a, b, runs, env) {
  await wall(a, env)
  await wall(b, env)
  const ta = []
  const tb = []
  for (let i = 0; i < runs; i++) {
    ta.push(await wall(a, env))
    tb.push(await wall(b, env))
  }
  return [median(ta), median(tb)]
}

export async function doctorBench({ runs = 7, liveRuns = 5, delayMs = 100 } = {}) {
  const env = { ...process.env, NO_COLOR: '1' }
  const [bare, offline] = await interleaved(['-e', '0'], [bin, 'doctor', '--snapshot', SNAPSHOT], runs, env)

  const aws = await startFakeAws({ delayMs })
  const awsNow = await startFakeAws({ delayMs: 0 })
  const dns = await startFakeDns({ [HOST]: { A: ['10.0.2.10', '10.0.3.10'] } })
  const liveEnv = url => ({
    ...env,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  })
  const liveArgs = [
    bin,
    'doctor',
    `https://${HOST}/prod/items`,
    '--vpc',
    'vpc-00000000000000001',
    '--subnet',
    'subnet-00000000000000001',
    '--caller-sg',
    'sg-00000000000000001',
    '--caller-ip',
    '10.0.1.15',
    '--api-account',
    '222222222222',
    '--dns-server',
    `127.0.0.1:${dns.port}`,
    '--format',
    'json',
  ]
  let live
  let liveNow
  let calls = 0
  try {
    await wall(liveArgs, liveEnv(aws.url))
    await wall(liveArgs, liveEnv(awsNow.url))
    const times = []
    const timesNow = []
    for (let i = 0; i < liveRuns; i++) {
      const before = aws.calls.length
      times.push(await wall(liveArgs, liveEnv(aws.url)))
      calls = aws.calls.length - before
      timesNow.push(await wall(liveArgs, liveEnv(awsNow.url)))
    }
    live = median(times)
    liveNow = median(timesNow)
  } finally {
    await aws.close()
    await awsNow.close()
    await dns.close()
  }
  const ratio = ms => `${(ms / bare).toFixed(2)}×`
  return [
    {
      name: 'doctor: node -e 0 (interleaved floor)',
      value: Math.round(bare),
      unit: 'ms',
      ratio: ratio(bare),
    },
    {
      name: 'doctor --snapshot (offline, no AWS client)',
      value: Math.round(offline),
      unit: 'ms',
      ratio: ratio(offline),
    },
    {
      name: `doctor live run, +${delayMs} ms per AWS call`,
      value: Math.round(live),
      unit: 'ms',
      ratio: ratio(live),
    },
    { name: 'doctor live run: AWS calls', value: calls, unit: 'calls' },
    { name: 'doctor live run: those calls one by one', value: calls * delayMs, unit: 'ms' },
    {
      name: 'doctor live run, no delay (the CPU of going live)',
      value: Math.round(liveNow),
      unit: 'ms',
      ratio: ratio(liveNow),
    },
    {
      name: `doctor live run: round trips on the critical path (+${delayMs} ms run − no-delay run)`,
      value: Number(((live - liveNow) / delayMs).toFixed(1)),
      unit: 'round trips',
    },
    {
      name: 'doctor live run: round trips beyond --snapshot (with that CPU)',
      value: Number(((live - offline) / delayMs).toFixed(1)),
      unit: 'round trips',
    },
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await doctorBench()
  for (const r of rows)
    console.log(`${r.name.padEnd(48)} ${String(r.value).padStart(8)} ${r.unit.padEnd(12)} ${r.ratio ?? ''}`)
}
/** The name bench/run.mjs looks for. */
export const benchDoctor = doctorBench
export default doctorBench
