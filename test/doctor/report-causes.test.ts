/**
 * The report ties unknown checks to the cause behind them: a silent endpoint is one line on
 * top of the report ("… did not answer within 10 s: N checks unknown") in text and Markdown,
 * with no permission suggested; JSON carries the cause per unknown. AccessDenied keeps its
 * per-check "would reveal it" with the permission, and gets a `denied` cause in JSON.
 */
import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { buildReport } from '../../src/doctor/report.js'
import type { Collected, DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { renderDoctorMarkdown } from '../../src/render/doctor-markdown.js'
import { renderDoctorText } from '../../src/render/doctor-text.js'
import { healthy } from './builders.js'

const EC2 = 'ec2.us-east-1.amazonaws.com'
const silent = (action: string): Collected<never> => ({
  status: 'error',
  message: 'no answer within 10 s',
  action,
  cause: { kind: 'timeout', endpoint: EC2, timeoutMs: 10000 },
})

/** The healthy snapshot with every EC2 read lost to a silent endpoint. */
function ec2Silent(): DoctorSnapshot {
  const s = healthy() as DoctorSnapshot
  const net = s.network
  return {
    ...s,
    network: {
      ...net,
      endpoints: silent('ec2:DescribeVpcEndpoints'),
      vpcs: Object.fromEntries(Object.keys(net.vpcs).map(k => [k, silent('ec2:DescribeVpcs')])),
      subnets: Object.fromEntries(Object.keys(net.subnets).map(k => [k, silent('ec2:DescribeSubnets')])),
      securityGroups: Object.fromEntries(
        Object.keys(net.securityGroups).map(k => [
          k,
          { groupId: k, rules: silent('ec2:DescribeSecurityGroupRules') },
        ]),
      ),
      nacls: Object.fromEntries(Object.keys(net.nacls).map(k => [k, silent('ec2:DescribeNetworkAcls')])),
      routeTables: Object.fromEntries(
        Object.keys(net.routeTables).map(k => [k, silent('ec2:DescribeRouteTables')]),
      ),
      enis: Object.fromEntries(Object.keys(net.enis).map(k => [k, silent('ec2:DescribeNetworkInterfaces')])),
    },
  }
}

describe('a silent EC2 endpoint', () => {
  const report = buildReport(ec2Silent(), '0.1.0')
  const cause = report.verdict.causes.find(c => c.endpoint === EC2)!

  it('is one cause explaining the EC2-dependent unknowns, with no permission advice', () => {
    expect(cause).toMatchObject({ kind: 'timeout', summary: `${EC2} did not answer within 10 s` })
    expect(cause.checks.length).toBeGreaterThan(5)
    for (const id of cause.checks) {
      const f = report.findings.find(x => x.id === id)!
      expect(f).toMatchObject({ status: 'unknown', cause: cause.id })
      expect(f.missing.filter(m => /^ec2:/.test(m))).toEqual([])
    }
    for (const u of report.verdict.unknowns.filter(x => cause.checks.includes(x.check)))
      expect(u.cause).toBe(cause.id)
  })

  it('text: the endpoint is named once, folded on top, no ec2: permission anywhere', () => {
    const text = renderDoctorText(report, new Chalk({ level: 0 }))
    expect(text.split(EC2).length - 1).toBe(1)
    expect(text).toContain(`? ${EC2} did not answer within 10 s: ${cause.checks.length} checks unknown`)
    expect(text.indexOf(EC2)).toBeLessThan(text.indexOf('Hop 1 '))
    expect(text).not.toMatch(/would reveal it:[^\n]*ec2:/)
  })

  it('markdown: the same one line', () => {
    const md = renderDoctorMarkdown(report)
    expect(md.split(EC2).length - 1).toBe(1)
    expect(md).toContain(`**${EC2} did not answer within 10 s**: ${cause.checks.length} checks unknown`)
    expect(md).not.toMatch(/would reveal it:[^\n]*ec2:/)
  })
})

it('AccessDenied: the permission stays the advice, and JSON names it as the cause', () => {
  const s = healthy() as DoctorSnapshot
  const denied: Collected<never> = {
    status: 'denied',
    action: 'ec2:DescribeNetworkAcls',
    message: 'not authorized',
  }
  const report = buildReport(
    {
      ...s,
      network: {
        ...s.network,
        nacls: Object.fromEntries(Object.keys(s.network.nacls).map(k => [k, denied])),
      },
    },
    '0.1.0',
  )
  const u = report.verdict.unknowns.find(x => x.check === 'nacl.caller-subnet')!
  expect(u.missing).toContain('ec2:DescribeNetworkAcls')
  expect(u.cause).toBe('denied ec2:DescribeNetworkAcls')
  expect(report.verdict.causes.find(c => c.id === u.cause)).toMatchObject({
    kind: 'denied',
    permission: 'ec2:DescribeNetworkAcls',
    summary: 'ec2:DescribeNetworkAcls was denied',
  })
  expect(renderDoctorText(report, new Chalk({ level: 0 }))).toMatch(
    /would reveal it: ec2:DescribeNetworkAcls/,
  )
})

it('stopped at the deadline with nothing failing: incomplete, never pass', () => {
  const s = healthy() as DoctorSnapshot
  const report = buildReport({ ...s, collection: { stoppedBy: 'deadline', timeoutMs: 3000 } }, '0.1.0')
  expect(report.verdict.status).toBe('incomplete')
  expect(report.collection).toMatchObject({ stoppedBy: 'deadline', timeoutMs: 3000 })
  expect(renderDoctorText(report, new Chalk({ level: 0 }))).toContain(
    'STOPPED at the 3 s deadline (--timeout)',
  )
})
