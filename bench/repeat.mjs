// `pvapi call --repeat` throughput (run after `npm install`; `npm run bench` includes it):
// - requests per second of the repeat runner (each request freshly SigV4-signed, keep-alive)
//   against the loopback fake API Gateway, next to an unsigned keep-alive baseline driven from
//   this same Node process with node:https directly (same concurrency, route and fake), and the
//   runner with --no-sign (what the runner itself costs, signing aside);
// - the cost of signing one request (µs).
// The route is a NONE-auth static answer, so the fake's own SigV4 verification does not weigh
// on the signed side: the comparison is the client's cost. Goal: signed ≥ 0.8× the baseline.
// Runs interleave (baseline, signed, unsigned runner) and report medians.
// Export: `benchRepeat(options)` → rows `{ name, value, unit, ratio? }`. Run alone: `node bench/repeat.mjs`.
import { request, Agent } from 'node:https'
import { PassThrough } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { loadTestSupport } from '../scripts/load-test-support.mjs'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const CREDS = {
  accessKeyId: 'ASIABENCHEXAMPLE0001',
  secretAccessKey: 'bench/secret/key/0000000000000000000000',
  sessionToken: 'bench-session-token-0123456789abcdefghijklmnopqrstuvwxyz',
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The runner and the signer, bundled from the TypeScript sources like the test fakes are. */
function loadPvapi() {
  return loadTestSupport({
    contents: [
      "export { runRepeat } from './src/call/run-repeat.ts'",
      "export { signPrepared } from './src/call/sign-prepared.ts'",
      "export { repeatSigner } from './src/call/repeat-signer.ts'",
      "export { prepareRequest } from './src/call/prepare.ts'",
      "export { planRoute } from './src/call/route.ts'",
      "export { classifyHost, parseUserUrl } from './src/core/target.ts'",
      "export { parseResolve, parseConnectTo } from './src/http/connect-rules.ts'",
    ].join('\n'),
  })
}

/** N unsigned requests over a keep-alive pool of C sockets, C at a time: requests per second. */
async function baseline({ port, ca, requests, concurrency, path }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  let next = 0
  const one = () =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          servername: HOST,
          ca,
          agent,
          method: 'GET',
          path,
          headers: { host: HOST, 'user-agent': 'bench', accept: '*/*' },
        },
        res => {
          res.on('data', () => undefined)
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          )
        },
      )
      req.on('error', reject)
      req.end()
    })
  const worker = async () => {
    while (next++ < requests) await one()
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  const s = (performance.now() - t0) / 1000
  agent.destroy()
  return requests / s
}

/** The repeat runner, in this process: requests per second as it reports them. */
async function runner(pv, { port, ca, requests, concurrency, path, sign }) {
  const out = new PassThrough()
  const chunks = []
  out.on('data', c => chunks.push(c))
  const code = await pv.runRepeat(
    {
      url: pv.parseUserUrl(`https://${HOST}${path}`),
      headers: [],
      data: [],
      service: 'execute-api',
      hostMode: 'header',
      resolve: [pv.parseResolve(`${HOST}:${port}:127.0.0.1`)],
      connectTo: [pv.parseConnectTo(`${HOST}:443:${HOST}:${port}`)],
      noSign: !sign,
      tls: { ca },
      retry: 0,
      fixSkew: false,
      include: false,
      silent: true,
      showError: false,
      fail: 'no',
      verbose: false,
      dryRun: false,
      repeat: requests,
      concurrency,
      perEni: false,
      format: 'json',
      eniZones: {},
    },
    {
      env: {},
      readers: { readFile: async () => Buffer.alloc(0), readStdin: async () => Buffer.alloc(0) },
      configRegion: async () => 'us-east-1',
      vpceHostname: async () => HOST,
      caller: async () => ({ credentials: CREDS, source: 'bench' }),
      now: () => new Date(),
      sleep: async () => undefined,
      random: Math.random,
      stdout: out,
      stderr: () => undefined,
      openOutput: () => {
        throw new Error('unused')
      },
    },
  )
  const j = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  if (code !== 0 || j.statuses['200'] !== requests)
    throw new Error(
      `repeat run failed: exit ${code}, ${JSON.stringify(j.statuses)} ${JSON.stringify(j.transportErrors)}`,
    )
  return j.requestsPerSecond
}

/**
 * µs to sign one request: with the full SigV4 signer (what `call` runs once), and with the
 * repeat signer (a real signature per request from the canonical-request template, verified
 * against the full signer first), each for a new time.
 */
async function signingCost(pv, iterations) {
  const url = pv.parseUserUrl(`https://${HOST}/prod/bench?x=1`)
  const route = pv.planRoute({
    target: pv.classifyHost(HOST),
    port: 443,
    defaultPort: true,
    hostMode: 'header',
  })
  const prepared = pv.prepareRequest({
    protocol: 'https:',
    path: url.url.pathname,
    rawQuery: url.url.search,
    route,
    method: 'GET',
    headers: [],
  })
  const params = { service: 'execute-api', region: 'us-east-1', credentials: CREDS }
  const signer = await pv.repeatSigner(prepared, params)
  if (!signer.fast) throw new Error('the repeat signer fell back to the full signer')
  let t = Date.now()
  const time = async sign => {
    for (let i = 0; i < 200; i++) await sign(new Date((t += 1000)))
    const t0 = performance.now()
    for (let i = 0; i < iterations; i++) await sign(new Date((t += 1000)))
    return ((performance.now() - t0) * 1000) / iterations
  }
  return {
    full: await time(signingDate => pv.signPrepared(prepared, { ...params, signingDate })),
    repeat: await time(date => signer.sign(date)),
  }
}

export async function benchRepeat({
  requests = Number(process.env.BENCH_REPEAT_REQUESTS ?? 3000),
  concurrency = 8,
  rounds = Number(process.env.BENCH_REPEAT_ROUNDS ?? 5),
} = {}) {
  const [{ startFakeGateway }, pv] = await Promise.all([
    loadTestSupport('test/support/index.ts'),
    loadPvapi(),
  ])
  const gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'GET', path: '/bench', authorizationType: 'NONE', handler: { status: 200, body: '{}' } },
        ],
      },
    ],
  })
  const path = '/prod/bench'
  const opts = { port: gw.port, ca: gw.caPem, requests, concurrency, path }
  try {
    // Warm-up: JIT, TLS session set-up, the fake's handlers.
    await baseline({ ...opts, requests: 300 })
    await runner(pv, { ...opts, requests: 300, sign: true })
    await runner(pv, { ...opts, requests: 300, sign: false })
    const base = []
    const signed = []
    const unsigned = []
    for (let i = 0; i < rounds; i++) {
      gw.clearRequests()
      base.push(await baseline(opts))
      gw.clearRequests()
      signed.push(await runner(pv, { ...opts, sign: true }))
      gw.clearRequests()
      unsigned.push(await runner(pv, { ...opts, sign: false }))
    }
    const b = median(base)
    const sgn = median(signed)
    const uns = median(unsigned)
    const us = await signingCost(pv, 5000)
    const ratio = x => `${(x / b).toFixed(2)}×`
    return [
      {
        name: `repeat: unsigned keep-alive baseline, node:https (c=${concurrency})`,
        value: Math.round(b),
        unit: 'req/s',
        ratio: '1.00×',
      },
      {
        name: `repeat: call --repeat, each signed (c=${concurrency})`,
        value: Math.round(sgn),
        unit: 'req/s',
        ratio: ratio(sgn),
      },
      {
        name: `repeat: call --repeat --no-sign (c=${concurrency})`,
        value: Math.round(uns),
        unit: 'req/s',
        ratio: ratio(uns),
      },
      {
        name: 'repeat: signing per request, repeat signer',
        value: Math.round(us.repeat * 10) / 10,
        unit: 'µs',
        ratio: '',
      },
      {
        name: 'repeat: signing per request, full SigV4 signer',
        value: Math.round(us.full * 10) / 10,
        unit: 'µs',
        ratio: '',
      },
      {
        name: 'repeat: goal signed ≥ 0.80× baseline',
        value: sgn / b >= 0.8 ? 'met' : 'missed',
        unit: '',
        ratio: ratio(sgn),
      },
    ]
  } finally {
    await gw.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchRepeat()
  for (const r of rows)
    console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(9)} ${r.unit.padEnd(6)} ${r.ratio ?? ''}`)
}
