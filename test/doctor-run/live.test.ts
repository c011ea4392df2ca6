/**
 * The live doctor's orchestration (src/doctor-run/live.ts) without a process: ports stand in
 * for the environment, the clock, Ctrl-C, the terminal and the credentials. Nothing leaves
 * loopback: the run is stopped before any read (every wait ends with the run's signal), and
 * AWS and DNS point at closed loopback ports.
 */
import { describe, expect, it } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'
import { collectLive, type LivePorts, type LiveSettings, regionInHost } from '../../src/doctor-run/live.js'

const URL_ = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'

describe('regionInHost', () => {
  it('reads the region an execute-api or vpce name carries', () => {
    expect(regionInHost(URL_)).toBe('us-east-1')
    expect(
      regionInHost('https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com/prod'),
    ).toBe('eu-west-1')
  })
  it('is undefined for no URL, a custom domain, or a bad URL (the target reports that one)', () => {
    expect(regionInHost(undefined)).toBeUndefined()
    expect(regionInHost('https://api.example.com/x')).toBeUndefined()
    expect(regionInHost('ftp://x')).toBeUndefined()
  })
})

function settings(over: Partial<LiveSettings> = {}): LiveSettings {
  return {
    url: URL_,
    dnsServer: '127.0.0.1:9',
    caller: {
      vpcId: 'vpc-00000000000000001',
      subnetIds: ['subnet-00000000000000001'],
      securityGroupIds: ['sg-00000000000000001'],
      privateIps: ['10.0.1.15'],
      roleChainGiven: false,
    },
    supplied: {},
    limits: { timeoutMs: 60_000, connectTimeoutMs: 1000, readTimeoutMs: 1000 },
    ...over,
  }
}

function ports(interrupt: AbortSignal, progress: string[]): LivePorts {
  return {
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true' },
    interrupt,
    now: () => new Date('2026-01-02T03:04:05Z'),
    // Credentials that never resolve: only the run's signal ends the wait.
    credentials: () => ({ caller: () => new Promise(() => undefined) }),
    progress: (text, work) => {
      progress.push(text)
      return work()
    },
    interfaces: () => {
      throw new Error('the probe was not asked for')
    },
  }
}

describe('collectLive', () => {
  it('Ctrl-C before the credentials resolve: the snapshot is marked interrupted, the credentials say why, no probe', async () => {
    const ctrlC = new AbortController()
    ctrlC.abort()
    const progress: string[] = []
    const s = await collectLive(
      settings({ probe: { method: 'GET', timeoutMs: 1000 } }),
      ports(ctrlC.signal, progress),
    )
    expect(s.collection?.stoppedBy).toBe('interrupted')
    expect(s.collectedAt).toBe('2026-01-02T03:04:05.000Z')
    expect(s.caller.credentials).toMatchObject({
      status: 'error',
      code: 'PV_STOPPED',
      message: 'interrupted before the credentials were resolved',
      cause: { kind: 'interrupted' },
    })
    expect(s.target.region).toBe('us-east-1')
    expect(progress).toEqual([`collecting GET ${URL_} (read-only)`])
    expect(s.probe?.status).not.toBe('ok')
  }, 20_000)

  it('the credential resolvers are built only after the target is settled (a bad URL is reported first)', async () => {
    let built = false
    const p = ports(new AbortController().signal, [])
    const err = await collectLive(settings({ url: 'ftp://x' }), {
      ...p,
      credentials: () => {
        built = true
        return p.credentials()
      },
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PvapiError)
    expect(err).toMatchObject({ code: 'PV_BAD_URL' })
    expect(built).toBe(false)
  })
})
