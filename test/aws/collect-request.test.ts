/**
 * The collection request the doctor builds from its settled flags (aws/collect/request.ts):
 * which credentials kind the snapshot records, and when the caller is taken to call STS from
 * inside the VPC (row 23 then reads the STS endpoint).
 */
import { describe, expect, it } from 'vitest'
import { collectRequest, credentialFacts, type CallerSpec } from '../../src/aws/collect/request.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { healthy } from '../doctor/builders.js'

const h = healthy()
const build = (caller: Partial<CallerSpec>) =>
  collectRequest({
    target: h.target as DoctorSnapshot['target'],
    signing: h.signing as DoctorSnapshot['signing'],
    caller: { subnetIds: [], securityGroupIds: [], privateIps: [], roleChainGiven: false, ...caller },
    credentials: { status: 'not-collected', reason: 'test' },
    apiSide: false,
    supplied: {},
    now: new Date(0),
    version: '0',
    secrets: [],
    attempt: {},
  })

describe('credentialFacts', () => {
  it.each([
    ['ASIAEXAMPLE', 'session'],
    ['AKIAEXAMPLE', 'long-term'],
    ['XXXXEXAMPLE', 'unknown'],
  ] as const)('%s is %s, with the role chain and expiry and no secret', (accessKeyId, kind) => {
    const c = credentialFacts({
      credentials: { accessKeyId, expiration: new Date('2030-01-01T00:00:00Z') },
      source: 'environment variables',
      roles: [{ roleArn: 'arn:aws:iam::111111111111:role/r' }],
    })
    expect(c).toEqual({
      status: 'ok',
      value: {
        source: 'environment variables',
        kind,
        expiresAt: '2030-01-01T00:00:00.000Z',
        roleChain: ['arn:aws:iam::111111111111:role/r'],
      },
    })
  })
})

describe('collectRequest', () => {
  it('takes the caller to assume roles in the VPC with --caller-assumes-role, or from IMDS with --role-arn', () => {
    expect(build({}).assumesRoleInVpc).toBe(false)
    expect(build({ assumesRole: true }).assumesRoleInVpc).toBe(true)
    expect(build({ fromImds: true }).assumesRoleInVpc).toBe(false)
    expect(build({ fromImds: true, roleChainGiven: true }).assumesRoleInVpc).toBe(true)
    // A role chain without IMDS is the doctor's own, assumed where the doctor runs.
    expect(build({ roleChainGiven: true }).assumesRoleInVpc).toBe(false)
  })

  it('carries the network flags and which credentials read account B', () => {
    const r = build({ vpcId: 'vpc-1', subnetIds: ['subnet-1'], lambda: 'fn' })
    expect(r.network).toEqual({
      lambda: 'fn',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1'],
      securityGroupIds: [],
      privateIps: [],
    })
    expect(r.apiReadWith).toBe('caller-credentials')
  })
})
