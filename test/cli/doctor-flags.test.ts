/**
 * `pvapi doctor`'s flags → settings (src/cli/doctor-flags.ts), without commander or a process:
 * the probe flags, the limits, what --snapshot refuses, and the live settings the collection
 * receives (the caller as the collector's CallerSpec, the region checked).
 */
import { describe, expect, it } from 'vitest'
import { expectUsageError } from '../helpers/usage-error.js'
import {
  checkReplayFlags,
  checkReplayProbe,
  checkSkip,
  type DoctorFlags,
  liveSettings,
  parseLimits,
  parseProbeFlags,
} from '../../src/cli/doctor-flags.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'

const flags = (over: Partial<DoctorFlags> = {}): DoctorFlags => ({
  roleArn: [],
  externalId: [],
  subnet: [],
  callerSg: [],
  callerIp: [],
  apiRoleArn: [],
  apiExternalId: [],
  identityPolicy: [],
  scp: [],
  skip: [],
  callerCidr: [],
  format: 'text',
  ...over,
})

const usage = expectUsageError

describe('parseProbeFlags', () => {
  it('is undefined without --probe, and refuses the probe flags then', () => {
    expect(parseProbeFlags(flags())).toBeUndefined()
    usage(
      () => parseProbeFlags(flags({ probePath: '/x' })),
      'PV_FLAG_CONFLICT',
      /^--probe-path needs --probe$/,
    )
    usage(
      () => parseProbeFlags(flags({ probeMethod: 'GET', probeTimeout: '2' })),
      'PV_FLAG_CONFLICT',
      /^--probe-method, --probe-timeout need --probe$/,
    )
  })
  it('defaults to GET and 5 s; upper-cases the method; keeps the path', () => {
    expect(parseProbeFlags(flags({ probe: true }))).toEqual({ method: 'GET', timeoutMs: 5000 })
    expect(
      parseProbeFlags(
        flags({ probe: true, probeMethod: 'head', probePath: '/prod/h?x=1', probeTimeout: '1.5' }),
      ),
    ).toEqual({
      method: 'HEAD',
      path: '/prod/h?x=1',
      timeoutMs: 1500,
    })
  })
  it('refuses a method that is no token and a path with spaces or without a leading /', () => {
    usage(() => parseProbeFlags(flags({ probe: true, probeMethod: 'GE T' })), 'PV_BAD_METHOD')
    usage(() => parseProbeFlags(flags({ probe: true, probePath: 'prod' })), 'PV_BAD_PATH')
    usage(() => parseProbeFlags(flags({ probe: true, probePath: '/a b' })), 'PV_BAD_PATH')
  })
})

describe('parseLimits', () => {
  it('defaults: 60 s run, 3 s connect, 10 s answer; seconds become ms', () => {
    expect(parseLimits(flags())).toEqual({ timeoutMs: 60_000, connectTimeoutMs: 3000, readTimeoutMs: 10_000 })
    expect(parseLimits(flags({ timeout: '3', awsConnectTimeout: '0.5', awsReadTimeout: '2' }))).toEqual({
      timeoutMs: 3000,
      connectTimeoutMs: 500,
      readTimeoutMs: 2000,
    })
    usage(() => parseLimits(flags({ timeout: '3601' })), 'PV_BAD_DURATION')
  })
})

describe('checkSkip', () => {
  it('takes a hop number 1-8 or a check id', () => {
    const checks = [{ id: 'vpce.state-available' }]
    checkSkip(['1', '8', 'vpce.state-available'], checks)
    usage(() => checkSkip(['9'], checks), 'PV_BAD_SKIP')
    usage(() => checkSkip(['nope'], checks), 'PV_BAD_SKIP')
  })
})

describe('--snapshot', () => {
  it('refuses a URL and every live-only flag given, naming them', () => {
    checkReplayFlags(undefined, flags({ snapshot: 's.json', skip: ['1'], verbose: true }))
    usage(
      () =>
        checkReplayFlags('https://x', flags({ region: 'us-east-1', subnet: ['subnet-1'], fromImds: true })),
      'PV_SNAPSHOT_CONFLICT',
      /: a URL, --region, --from-imds, --subnet cannot apply to it$/,
    )
  })
  it('--probe replays only a snapshot that holds probe results', () => {
    const without = { probe: { status: 'not-collected' } } as unknown as DoctorSnapshot
    const probed = { probe: { status: 'ok' } } as unknown as DoctorSnapshot
    checkReplayProbe(flags({ snapshot: 's.json' }), without)
    checkReplayProbe(flags({ snapshot: 's.json', probe: true }), probed)
    usage(() => checkReplayProbe(flags({ snapshot: 's.json', probe: true }), without), 'PV_PROBE_OFFLINE')
  })
})

describe('liveSettings', () => {
  const limits = { timeoutMs: 1, connectTimeoutMs: 1, readTimeoutMs: 1 }
  it('describes the caller as the collector takes it', () => {
    const s = liveSettings(
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
      flags({
        vpc: 'vpc-1',
        subnet: ['subnet-1'],
        callerSg: ['sg-1'],
        callerIp: ['10.0.0.5'],
        callerAssumesRole: true,
        roleArn: ['arn:aws:iam::111111111111:role/r'],
        region: 'eu-west-1',
        request: 'POST',
      }),
      {},
      limits,
      undefined,
    )
    expect(s.caller).toEqual({
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1'],
      securityGroupIds: ['sg-1'],
      privateIps: ['10.0.0.5'],
      assumesRole: true,
      roleChainGiven: true,
    })
    expect(s).toMatchObject({ region: 'eu-west-1', request: 'POST', limits })
  })
  it('an on-premises caller: --from-vpc is the VPC, with its CIDRs', () => {
    const s = liveSettings(
      undefined,
      flags({ fromVpc: 'vpc-2', callerCidr: ['192.168.0.0/24'] }),
      {},
      limits,
      undefined,
    )
    expect(s.caller).toMatchObject({
      vpcId: 'vpc-2',
      onPremisesCidrs: ['192.168.0.0/24'],
      roleChainGiven: false,
    })
  })
  it('refuses two callers, and a described network with a caller that is read', () => {
    usage(
      () => liveSettings(undefined, flags({ lambda: 'fn', fromImds: true }), {}, limits, undefined),
      'PV_FLAG_CONFLICT',
    )
    usage(
      () => liveSettings(undefined, flags({ lambda: 'fn', subnet: ['subnet-1'] }), {}, limits, undefined),
      'PV_FLAG_CONFLICT',
      /--lambda and --from-imds read it/,
    )
  })
  it('checks --region', () => {
    usage(
      () => liveSettings(undefined, flags({ region: 'not a region' }), {}, limits, undefined),
      'PV_BAD_REGION',
    )
  })
})
