/**
 * No default time limit cuts a streamed answer. API Gateway lets a STREAM integration answer for
 * up to 15 minutes (and ends one idle for 5 minutes on a private endpoint), so any limit pvapi
 * set by itself (a total or idle timeout on the request, the socket or the body) would end
 * such answers early. The proof, without waiting 15 minutes: `call` runs in this process with
 * its timers faked; once the first part has arrived, the fake clock jumps 20 minutes, firing
 * every timer pvapi armed for less than that. The answer must still complete, exit 0.
 * The same jump with `-m 600` must end the call with exit 28: the jump does reach pvapi's timers.
 * Idle timeouts on a socket or request (`setTimeout(ms)` on them, or a `timeout` option) run on
 * Node's internal timers, which the fake clock does not reach: those are caught by watching
 * every such call made from pvapi's code.
 */
import { ClientRequest } from 'node:http'
import { Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import type { RouteResponse } from '../support/gateway-model.js'
import { gate, gatedParts, type Gate } from '../support/stream-parts.js'
import { runInProcess } from '../helpers/run-in-process.js'
import { join } from 'node:path'
import { TEMP, tempFiles } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const TWENTY_MINUTES = 20 * 60_000

let gw: FakeGateway
let current: Gate | undefined
let ca: string

beforeAll(async () => {
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          {
            method: 'GET',
            path: '/stream',
            handler: (): RouteResponse => {
              // No fallback timer here: the clock is fake. The test opens the gate itself.
              current = gate()
              return { stream: gatedParts('part-1\n', current, ['part-2\n']).parts }
            },
          },
        ],
      },
    ],
  })
  ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
})
afterEach(() => {
  current?.open()
  vi.useRealTimers()
})
afterAll(async () => {
  await gw?.close()
})

/** Run `call` with faked timers; jump the clock once the first part is out; then let the answer end. */
async function callWithClockJump(extra: string[]) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  let stdout = ''
  const run = runInProcess(
    [
      'call',
      `https://${HOST}/prod/stream`,
      '--connect-to',
      `${HOST}:443:127.0.0.1:${gw.port}`,
      '--cacert',
      ca,
      ...extra,
    ],
    {
      env: {
        AWS_ACCESS_KEY_ID: TEMP.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEMP.secretAccessKey,
        AWS_SESSION_TOKEN: TEMP.sessionToken,
      },
      onStdout: c => {
        stdout += c.toString('utf8')
      },
    },
  )
  let finished = false
  void run.then(() => {
    finished = true
  })
  // setImmediate is not faked: poll the real event loop until the first part is out (or the
  // call ended, or 20 s of real time passed: then the assertions below say what went wrong).
  const since = performance.now()
  while (!stdout.includes('part-1') && !finished && performance.now() - since < 20_000)
    await new Promise(resolve => setImmediate(resolve))
  const firstPartSeen = stdout.includes('part-1')
  vi.advanceTimersByTime(TWENTY_MINUTES)
  // Let whatever the jump fired run (a cut transfer rejects on the next turns of the loop).
  for (let i = 0; i < 20; i++) await new Promise(resolve => setImmediate(resolve))
  current?.open()
  const r = await run
  return { ...r, firstPartSeen, stdout }
}

describe('a streamed answer is cut by no limit of pvapi’s own', () => {
  it('without -m: 20 fake minutes after the first part, the answer still completes (exit 0)', async () => {
    // Idle timeouts armed from pvapi's code (src/) on a socket or a request: there must be none.
    const armed: string[] = []
    const fromPvapi = (what: string, ms: unknown) => {
      const stack = new Error().stack ?? ''
      if (typeof ms === 'number' && ms > 0 && /[/\\]src[/\\]/.test(stack))
        armed.push(`${what}(${ms})\n${stack}`)
    }
    const socketSetTimeout = Socket.prototype.setTimeout
    const requestSetTimeout = ClientRequest.prototype.setTimeout
    Socket.prototype.setTimeout = function (this: Socket, ...a: Parameters<Socket['setTimeout']>) {
      fromPvapi('socket.setTimeout', a[0])
      return socketSetTimeout.apply(this, a)
    } as Socket['setTimeout']
    ClientRequest.prototype.setTimeout = function (
      this: ClientRequest,
      ...a: Parameters<ClientRequest['setTimeout']>
    ) {
      fromPvapi('request.setTimeout', a[0])
      return requestSetTimeout.apply(this, a)
    } as ClientRequest['setTimeout']
    let r: Awaited<ReturnType<typeof callWithClockJump>>
    try {
      r = await callWithClockJump([])
    } finally {
      Socket.prototype.setTimeout = socketSetTimeout
      ClientRequest.prototype.setTimeout = requestSetTimeout
    }
    expect(armed).toEqual([])
    expect(r.firstPartSeen).toBe(true)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('part-1\npart-2\n')
  })

  it('with -m 600 the same jump ends it (exit 28): the jump reaches the timers pvapi arms', async () => {
    const r = await callWithClockJump(['-m', '600'])
    expect(r.firstPartSeen).toBe(true)
    expect(r.code).toBe(28)
    expect(r.stdout).toBe('part-1\n')
  })
})
