/**
 * Security group rules that name a managed prefix list: the collector reads the list's entries
 * (ec2:GetManagedPrefixListEntries, paginated) and the SG checks evaluate them. Given recorded
 * answers, When collectSnapshot runs, Then a caller whose 443 egress goes to pl-… holding the
 * VPC's CIDR passes, and an unreadable list makes the check unknown, never fail.
 */
import { DescribeSecurityGroupRulesCommand, GetManagedPrefixListEntriesCommand } from '@aws-sdk/client-ec2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import { doctorIamPolicies } from '../../src/doctor/permissions.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { awsError, collectRequest, mockedPorts, recordedMocks } from './recorded.js'

let mocks: ReturnType<typeof recordedMocks>
beforeEach(() => {
  mocks = recordedMocks()
  mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      {
        SecurityGroupRuleId: 'sgr-00000000000000013',
        GroupId: 'sg-00000000000000001',
        IsEgress: true,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        PrefixListId: 'pl-00000000000000001',
      },
      {
        SecurityGroupRuleId: 'sgr-00000000000000021',
        GroupId: 'sg-00000000000000002',
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        ReferencedGroupInfo: { GroupId: 'sg-00000000000000001' },
      },
    ],
  })
})
afterEach(() => mocks.reset())

const request = (): CollectRequest => collectRequest()

const check = (s: DoctorSnapshot, id: string) => runChecks(s).find(f => f.id === id)!

describe('managed prefix lists in security group rules', () => {
  it('reads every page of the entries and judges the rule by them', async () => {
    mocks.ec2
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-00000000000000001' })
      .resolvesOnce({ Entries: [{ Cidr: '192.168.0.0/16' }], NextToken: 'p2' })
      .resolvesOnce({ Entries: [{ Cidr: '10.0.0.0/16', Description: 'the VPC' }] })
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.prefixLists?.['pl-00000000000000001']).toEqual({
      status: 'ok',
      value: { prefixListId: 'pl-00000000000000001', cidrs: ['192.168.0.0/16', '10.0.0.0/16'] },
    })
    expect(mocks.ec2.commandCalls(GetManagedPrefixListEntriesCommand)).toHaveLength(2)
    const f = check(s, 'sg.caller-egress-443')
    expect(f.status).toBe('pass')
    expect(f.evidence.map(e => e.text).join('\n')).toMatch(/pl-00000000000000001 \(entry 10\.0\.0\.0\/16\)/)
  })

  it('an unreadable list makes the check unknown, naming the permission', async () => {
    mocks.ec2
      .on(GetManagedPrefixListEntriesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'))
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.prefixLists?.['pl-00000000000000001']).toMatchObject({
      status: 'denied',
      action: 'ec2:GetManagedPrefixListEntries',
    })
    const f = check(s, 'sg.caller-egress-443')
    expect(f.status).toBe('unknown')
    expect(f.missing).toEqual(['ec2:GetManagedPrefixListEntries'])
  })

  it('the read is in --print-iam-policy', () => {
    expect(JSON.stringify(doctorIamPolicies().callerAccount)).toContain('ec2:GetManagedPrefixListEntries')
  })
})
