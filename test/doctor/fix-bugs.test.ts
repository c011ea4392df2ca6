/**
 * Bugs in what the doctor says and fixes (issue 11): NACL rule numbers, DHCP option sets
 * without resolvers, private DNS that is already on, NotPrincipal denies, patch operations.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { freeRuleNumber } from '../../src/doctor/nacl-eval.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { shellWords } from './fixes/shell-words.js'

const fixture = (name: string): DoctorSnapshot =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as {
      snapshot: DoctorSnapshot
    }
  ).snapshot

const finding = (name: string, id: string) => {
  const f = runChecks(fixture(name)).find(x => x.id === id)
  if (!f) throw new Error(`${id} not in ${name}`)
  return f
}

/** The create-network-acl-entry commands of a fix, as {acl, egress, rule}. */
const naclRules = (fix: string) =>
  fix
    .split('\n')
    .filter(l => l.startsWith('aws ec2 create-network-acl-entry'))
    .map(l => {
      const a = shellWords(l)
      return {
        acl: a[a.indexOf('--network-acl-id') + 1]!,
        egress: a.includes('--egress'),
        rule: Number(a[a.indexOf('--rule-number') + 1]),
      }
    })

describe('NACL fixes pick a free rule number evaluated before the denying rule', () => {
  it('row20: inbound rule 90 denies 443, 100 is taken: the fix uses a free number below 90', () => {
    const s = fixture('row20-endpoint-nacl-denies-443')
    const rules = naclRules(finding('row20-endpoint-nacl-denies-443', 'nacl.endpoint-subnet').fix!)
    expect(rules.length).toBeGreaterThan(0)
    const entries = Object.values(s.network.nacls).flatMap(c => (c.status === 'ok' ? [c.value] : []))
    for (const r of rules) {
      const acl = entries.find(n => n.naclId === r.acl)!
      const taken = acl.entries.filter(e => e.egress === r.egress).map(e => e.ruleNumber)
      expect(taken).not.toContain(r.rule)
      expect(r.rule).toBeLessThan(90)
    }
  })

  it('row19: inbound rule 200 denies the return traffic: each new rule is free, distinct and below 200', () => {
    const rules = naclRules(finding('row19-caller-nacl-blocks-return', 'nacl.caller-subnet').fix!)
    expect(rules.length).toBeGreaterThan(0)
    for (const r of rules) {
      expect(r.rule).toBeLessThan(200)
      expect(r.rule).not.toBe(100)
    }
    expect(new Set(rules.map(r => `${r.acl}|${r.egress}|${r.rule}`)).size).toBe(rules.length)
  })

  it('freeRuleNumber: below the denying rule, skipping taken numbers; none when all are taken', () => {
    expect(freeRuleNumber(new Set([100, 90, 89]), 90)).toBe(88)
    expect(freeRuleNumber(new Set(Array.from({ length: 89 }, (_, i) => i + 1)), 90)).toBeUndefined()
    expect(freeRuleNumber(new Set([100]), 32767)).toBe(110)
  })
})

describe('DNS wording', () => {
  it('a DHCP option set without domain-name-servers fails: it hands out no resolver', () => {
    const f = finding('dhcp-no-domain-name-servers', 'dns.dhcp-resolvers')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/no domain-name-servers/)
    expect(f.summary).not.toMatch(/Amazon-provided resolver/)
    expect(f.fix).toMatch(/^aws ec2 create-dhcp-options .*AmazonProvidedDNS/m)
  })

  it('dns.private-resolution does not suggest --private-dns-enabled when private DNS is already on', () => {
    const on = finding('row10-dns-hostnames-off', 'dns.private-resolution')
    expect(fixture('row10-dns-hostnames-off').network.endpoints).toMatchObject({
      value: [{ privateDnsEnabled: true }],
    })
    expect(on.fix).not.toMatch(/--private-dns-enabled/)
    expect(on.fix).toMatch(
      /^aws ec2 modify-vpc-attribute --vpc-id vpc-\S+ --enable-dns-hostnames Value=true/m,
    )
    // Off: enabling it is the fix.
    expect(finding('row09-private-dns-off', 'dns.private-resolution').fix).toMatch(
      /^aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-\S+ --private-dns-enabled/m,
    )
  })
})

describe('NotPrincipal', () => {
  it('a Deny with NotPrincipal says the caller is outside the list, and the fix adds it', () => {
    const f = finding('endpoint-policy-notprincipal-deny', 'vpce.policy-allows')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/NotPrincipal list \(arn:aws:iam::111111111111:role\/batch-jobs\)/)
    expect(f.summary).toMatch(/is not in it/)
    const line = f.fix!.split('\n').find(l => l.startsWith('aws ec2 modify-vpc-endpoint'))!
    const argv = shellWords(line)
    const doc = JSON.parse(argv[argv.indexOf('--policy-document') + 1]!) as {
      Statement: Array<{ Sid?: string; NotPrincipal?: { AWS: string[] } }>
    }
    const st = doc.Statement.find(x => x.Sid === 'OnlyBatch')!
    expect(st.NotPrincipal!.AWS).toContain('arn:aws:iam::111111111111:role/batch-jobs')
    expect(st.NotPrincipal!.AWS).toContain('arn:aws:iam::111111111111:role/orders-caller')
  })
})

describe('patch operations', () => {
  it('update-rest-api and update-domain-name pass --patch-operations as JSON', () => {
    for (const [name, id] of [
      ['row28-sourcevpce-lists-old-endpoint', 'apigw.resource-policy-allows'],
      ['row41-domain-policy-deny-all', 'domain.policy-allows'],
      ['row15-api-not-private', 'apigw.endpoint-type-private'],
    ] as const) {
      const line = finding(name, id)
        .fix!.split('\n')
        .find(l => / update-(rest-api|domain-name) /.test(l))!
      const argv = shellWords(line)
      const ops = JSON.parse(argv[argv.indexOf('--patch-operations') + 1]!) as Array<{
        op: string
        path: string
      }>
      expect(ops[0]!.op).toBe('replace')
    }
  })
})

describe('the 2025 endpoint-owner condition keys', () => {
  it("aws:VpceOrgID is the endpoint owner's organization when the doctor reads as that account, and the report says so", () => {
    const f = finding('resource-policy-vpce-org-allows', 'apigw.resource-policy-allows')
    expect(f.status).toBe('pass')
    const text = f.evidence.map(e => e.text).join('\n')
    expect(text).toMatch(/aws:VpceAccount = 111111111111 \(the OwnerId of vpce-00000000000000001/)
    expect(text).toMatch(/aws:VpceOrgID = o-exampleorg1/)
  })

  it('aws:VpceAccount decides a deny, and the evidence names the value', () => {
    const f = finding('resource-policy-vpce-account-denies', 'apigw.resource-policy-allows')
    expect(f.status).toBe('fail')
    expect(f.evidence.map(e => e.text).join('\n')).toMatch(/aws:VpceAccount = 111111111111/)
  })

  it('aws:VpceOrgPaths cannot be read: unknown, naming what would reveal it', () => {
    const f = finding('resource-policy-vpce-org-paths-unknown', 'apigw.resource-policy-allows')
    expect(f.status).toBe('unknown')
    expect(f.summary).toMatch(/aws:VpceOrgPaths/)
    expect(f.missing?.join(' ')).toMatch(/organizations:ListParents/)
  })
})
