/**
 * attempt(): each failed read classified by cause (the network, TLS, DNS, throttling, the
 * deadline, Ctrl-C) with the endpoint named; a service whose endpoint did not answer is not
 * asked again; throttling retries stop where the deadline would be crossed.
 */
import { describe, expect, it } from 'vitest'
import { attempt, causeOf } from '../../src/aws/collect/attempt.js'

const err = (props: Record<string, unknown>, message = 'boom') => Object.assign(new Error(message), props)

describe('causeOf', () => {
  const limits = { connectTimeoutMs: 3000, readTimeoutMs: 10000 }
  it.each([
    [
      'smithy request timeout',
      err(
        { name: 'TimeoutError', $pvapiEndpoint: 'ec2.us-east-1.amazonaws.com' },
        'a request has exceeded the configured 10000 ms requestTimeout.',
      ),
      { kind: 'timeout', endpoint: 'ec2.us-east-1.amazonaws.com', timeoutMs: 10000 },
    ],
    [
      'smithy connect timeout',
      err(
        { name: 'TimeoutError', $pvapiEndpoint: 'sts.us-east-1.amazonaws.com' },
        'the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
      ),
      {
        kind: 'unreachable',
        endpoint: 'sts.us-east-1.amazonaws.com',
        detail: 'no connection',
        timeoutMs: 3000,
      },
    ],
    [
      'refused',
      err({ code: 'ECONNREFUSED', $pvapiEndpoint: 'h:1' }),
      { kind: 'unreachable', endpoint: 'h:1', detail: 'ECONNREFUSED' },
    ],
    [
      'refused under fetch',
      err({ name: 'TypeError', cause: { code: 'ECONNREFUSED' } }, 'fetch failed'),
      { kind: 'unreachable', detail: 'ECONNREFUSED' },
    ],
    [
      'expired certificate',
      err({ code: 'CERT_HAS_EXPIRED', $pvapiEndpoint: 'h' }),
      { kind: 'tls', endpoint: 'h', detail: 'CERT_HAS_EXPIRED' },
    ],
    [
      'unknown host',
      err({ code: 'ENOTFOUND', $pvapiEndpoint: 'ec2.x' }),
      { kind: 'dns', endpoint: 'ec2.x', detail: 'ENOTFOUND' },
    ],
    [
      'DNS server silent',
      err({ code: 'ETIMEOUT', $pvapiDns: true, $pvapiEndpoint: '10.0.0.2:53' }),
      { kind: 'dns', endpoint: '10.0.0.2:53', detail: 'ETIMEOUT' },
    ],
  ])('%s', (_, e, want) => expect(causeOf(e, limits)).toEqual(want))

  it('AccessDenied is not a network cause', () =>
    expect(causeOf(err({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toBeUndefined())

  it('an abort by the run names the deadline or Ctrl-C', () => {
    const a = new AbortController()
    a.abort({ pvapiStop: 'deadline', timeoutMs: 3000 })
    expect(causeOf(err({ name: 'AbortError', $pvapiEndpoint: 'h' }), limits, a.signal)).toEqual({
      kind: 'deadline',
      endpoint: 'h',
      timeoutMs: 3000,
    })
    const b = new AbortController()
    b.abort({ pvapiStop: 'interrupted' })
    expect(causeOf(err({ name: 'AbortError' }), limits, b.signal)).toEqual({ kind: 'interrupted' })
  })
})

describe('attempt', () => {
  it('a read the run stops ends at once, as data, even if the read never settles', async () => {
    const a = new AbortController()
    const pending = attempt('ec2:DescribeVpcs', () => new Promise<never>(() => undefined), {
      signal: a.signal,
    })
    a.abort({ pvapiStop: 'interrupted' })
    expect(await pending).toMatchObject({
      status: 'error',
      action: 'ec2:DescribeVpcs',
      cause: { kind: 'interrupted' },
    })
    // Started after the stop: not read at all.
    expect(await attempt('ec2:DescribeSubnets', async () => 1, { signal: a.signal })).toMatchObject({
      status: 'error',
      cause: { kind: 'interrupted' },
    })
  })

  it('a service whose endpoint timed out is not asked again', async () => {
    const unreachable = new Map()
    const opts = { unreachable, readTimeoutMs: 10000 }
    const first = await attempt(
      'ec2:DescribeVpcs',
      async () => {
        throw err({ name: 'TimeoutError', $pvapiEndpoint: 'ec2.us-east-1.amazonaws.com' }, 'requestTimeout')
      },
      opts,
    )
    expect(first).toMatchObject({
      status: 'error',
      message: 'no answer within 10 s',
      cause: { kind: 'timeout' },
    })
    let asked = false
    const second = await attempt(
      'ec2:DescribeSubnets',
      async () => {
        asked = true
        return 1
      },
      opts,
    )
    expect(asked).toBe(false)
    expect(second).toMatchObject({
      status: 'error',
      action: 'ec2:DescribeSubnets',
      cause: { endpoint: 'ec2.us-east-1.amazonaws.com' },
    })
    // Another service is still asked.
    expect(await attempt('iam:GetRole', async () => 'ok', opts)).toEqual({ status: 'ok', value: 'ok' })
  })

  it('throttling is retried only while the wait fits before the deadline', async () => {
    let calls = 0
    const throttled = async () => {
      calls++
      throw err({
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
        $pvapiEndpoint: 'iam.amazonaws.com',
      })
    }
    const r = await attempt('iam:GetRole', throttled, {
      sleep: async () => undefined,
      backoffMs: () => 1000,
      readTimeoutMs: 10000,
      deadline: 5000,
      now: () => 0,
    })
    expect(calls).toBe(1)
    expect(r).toMatchObject({ status: 'error', cause: { kind: 'throttled', endpoint: 'iam.amazonaws.com' } })
    calls = 0
    await attempt('iam:GetRole', throttled, { sleep: async () => undefined, backoffMs: () => 1, retries: 2 })
    expect(calls).toBe(3)
  })
})
