/**
 * Fixes that work: for every failing scenario, apply the verdict's AWS CLI commands to the
 * snapshot the way AWS would (a small simulator of the write operations the doctor prints),
 * run the checks again, and the verdict's check must no longer fail. Commands the simulator
 * does not model are listed; the test insists most verdicts are covered.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { commandLines } from './fixes/collect-fixes.js'
import { shellWords } from './fixes/shell-words.js'

// biome-ignore lint/suspicious/noExplicitAny: the simulator edits the snapshot's JSON freely
type Mutable = any

const flag = (argv: readonly string[], name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

/** Applies one command to the snapshot; false when the simulator does not model it. */
function apply(s: Mutable, argv: readonly string[]): boolean {
  const op = `${argv[1]} ${argv[2]}`
  const okv = (value: unknown) => ({ status: 'ok', value })
  switch (op) {
    case 'apigateway update-rest-api': {
      // A policy given with --resource-policy (account B unreadable) stands for the API's.
      const api =
        s.api.restApi.status === 'ok' ? s.api.restApi.value : { endpointTypes: [], vpcEndpointIds: [] }
      if (s.api.restApi.status !== 'ok' && s.supplied.resourcePolicy)
        Object.defineProperty(api, 'policy', {
          set: (v: unknown) => {
            s.supplied.resourcePolicy.document = v
          },
        })
      for (const p of JSON.parse(flag(argv, '--patch-operations')!) as Array<{
        op: string
        path: string
        value: string
      }>) {
        if (p.path === '/policy') api.policy = JSON.parse(p.value)
        else if (p.path.startsWith('/endpointConfiguration/types/'))
          api.endpointTypes = api.endpointTypes.map((t: string) =>
            t === p.path.split('/').pop() ? p.value : t,
          )
        else if (p.path === '/endpointConfiguration/vpcEndpointIds')
          api.vpcEndpointIds = [...api.vpcEndpointIds, p.value]
        else if (p.path === '/disableExecuteApiEndpoint') api.disableExecuteApiEndpoint = p.value === 'True'
        else return false
      }
      return true
    }
    case 'apigateway create-deployment': {
      const later = new Date(Date.parse(s.collectedAt) + 60_000).toISOString()
      if (s.api.deployment.status === 'ok') s.api.deployment.value.createdDate = later
      const stages = s.api.stages.status === 'ok' ? s.api.stages.value : []
      const st = stages.find((x: { stageName: string }) => x.stageName === flag(argv, '--stage-name'))
      if (st) st.deploymentId ??= 'dep-new'
      else stages.push({ stageName: flag(argv, '--stage-name'), deploymentId: 'dep-new' })
      // A deployment serves the routes the API has now.
      if (s.api.deployment.status === 'ok' && s.api.resources.status === 'ok') {
        const summary: Record<string, Record<string, object>> = {}
        for (const r of s.api.resources.value)
          for (const [m, v] of Object.entries(
            r.methods as Record<string, { authorizationType?: string; apiKeyRequired?: boolean }>,
          ))
            (summary[r.path] ??= {})[m] = {
              authorizationType: v.authorizationType,
              apiKeyRequired: v.apiKeyRequired,
            }
        s.api.deployment.value.apiSummary = summary
      }
      return true
    }
    case 'apigateway update-domain-name': {
      for (const p of JSON.parse(flag(argv, '--patch-operations')!) as Array<{
        path: string
        value: string
      }>) {
        if (p.path === '/policy') s.api.customDomain.domain.value.policy = JSON.parse(p.value)
        else if (p.path === '/managementPolicy')
          s.api.customDomain.domain.value.managementPolicy = JSON.parse(p.value)
        else return false
      }
      return true
    }
    case 'apigateway create-domain-name-access-association': {
      const list = s.api.customDomain.consumerAssociations
      const a = {
        domainNameArn: flag(argv, '--domain-name-arn'),
        sourceType: 'VPCE',
        source: flag(argv, '--access-association-source'),
      }
      if (list.status === 'ok') list.value.push(a)
      else s.api.customDomain.consumerAssociations = okv([a])
      return true
    }
    case 'apigateway update-method': {
      const res = s.api.resources.value.find((r: { id: string }) => r.id === flag(argv, '--resource-id'))
      const m = res?.methods[flag(argv, '--http-method')!]
      if (!m) return false
      for (const p of JSON.parse(flag(argv, '--patch-operations')!) as Array<{ path: string; value: string }>)
        m[p.path.slice(1)] = p.value
      return true
    }
    case 'ec2 modify-vpc-endpoint': {
      const ep = s.network.endpoints.value.find(
        (e: { id: string }) => e.id === flag(argv, '--vpc-endpoint-id'),
      )
      if (argv.includes('--policy-document')) ep.policy = JSON.parse(flag(argv, '--policy-document')!)
      if (argv.includes('--private-dns-enabled')) ep.privateDnsEnabled = true
      if (argv.includes('--no-private-dns-enabled')) ep.privateDnsEnabled = false
      return !argv.includes('--add-subnet-ids')
    }
    case 'ec2 modify-vpc-attribute': {
      const vpc = s.network.vpcs[flag(argv, '--vpc-id')!].value
      if (argv.includes('--enable-dns-hostnames')) vpc.enableDnsHostnames = okv(true)
      if (argv.includes('--enable-dns-support')) vpc.enableDnsSupport = okv(true)
      return true
    }
    case 'ec2 create-network-acl-entry': {
      const id = flag(argv, '--network-acl-id')
      const [from, to] = flag(argv, '--port-range')!.match(/\d+/g)!.map(Number)
      const entry = {
        ruleNumber: Number(flag(argv, '--rule-number')),
        egress: argv.includes('--egress'),
        protocol: '6',
        action: flag(argv, '--rule-action'),
        cidrBlock: flag(argv, '--cidr-block'),
        fromPort: from,
        toPort: to,
      }
      const seen = new Set<object>()
      for (const c of Object.values(s.network.nacls) as Mutable[])
        if (c.status === 'ok' && c.value.naclId === id && !seen.has(c.value.entries)) {
          // AWS refuses a number already taken in that direction.
          if (
            c.value.entries.some(
              (e: Mutable) => e.ruleNumber === entry.ruleNumber && e.egress === entry.egress,
            )
          )
            throw new Error(`NetworkAclEntryAlreadyExists: ${id} rule ${entry.ruleNumber}`)
          c.value.entries.push(entry)
          seen.add(c.value.entries)
        }
      return true
    }
    case 'ec2 authorize-security-group-egress':
    case 'ec2 authorize-security-group-ingress': {
      const g = s.network.securityGroups[flag(argv, '--group-id')!]
      const perms = flag(argv, '--ip-permissions')
      const rule: Mutable = {
        ruleId: `sgr-new${Math.random().toString(16).slice(2, 8)}`,
        groupId: g.groupId,
        egress: argv[2]!.endsWith('egress'),
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
      }
      if (perms?.includes('GroupId=')) rule.referencedGroupId = perms.match(/GroupId=(sg-[0-9a-f]+)/)![1]
      else if (perms?.includes('CidrIp=')) rule.cidrIpv4 = perms.match(/CidrIp=([\d./]+)/)![1]
      else rule.cidrIpv4 = flag(argv, '--cidr')
      g.rules.value.push(rule)
      return true
    }
    case 'iam put-role-policy': {
      const list = s.caller.identityPolicies
      const p = { name: flag(argv, '--policy-name'), document: JSON.parse(flag(argv, '--policy-document')!) }
      if (list.status === 'ok') list.value.push(p)
      else s.caller.identityPolicies = okv([p])
      return true
    }
    case 'iam create-policy-version': {
      s.caller.permissionsBoundary.value.document = JSON.parse(flag(argv, '--policy-document')!)
      return true
    }
    case 'organizations update-policy': {
      // The id is a placeholder: find the SCP by the Sids the corrected copy kept.
      const list = s.supplied.serviceControlPolicies ?? s.caller.serviceControlPolicies.value
      const doc = JSON.parse(flag(argv, '--content')!)
      const sids = new Set(doc.Statement.map((x: { Sid?: string }) => x.Sid).filter(Boolean))
      const target = list.find((p: Mutable) =>
        [p.document.Statement].flat().every((x: { Sid?: string }) => x.Sid && sids.has(x.Sid)),
      )
      if (!target) return false
      target.document = doc
      return true
    }
    case 'lambda add-permission': {
      s.api.integrationPermission.value.policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: flag(argv, '--statement-id'),
            Effect: 'Allow',
            Principal: { Service: flag(argv, '--principal') },
            Action: flag(argv, '--action'),
            Resource: flag(argv, '--function-name'),
            Condition: { ArnLike: { 'AWS:SourceArn': flag(argv, '--source-arn') } },
          },
        ],
      }
      return true
    }
    default:
      return false
  }
}

const dir = new URL('../../fixtures/snapshots/', import.meta.url)
const cases = readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort()
  .map(file => ({
    file,
    snapshot: (JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { snapshot: DoctorSnapshot }).snapshot,
  }))

describe("applying the verdict's fix removes the fault", () => {
  const notModelled: string[] = []
  let applied = 0
  it.each(cases.map(c => [c.file, c] as const))('%s', (_f, c) => {
    const findings = runChecks(c.snapshot)
    const v = verdictOf(findings)
    // Probe findings are observations of the wire: only a new probe can clear them.
    if (v.status !== 'fail' || v.check?.startsWith('probe.')) return
    const f = findings.find(x => x.id === v.check)!
    const lines = commandLines(f.fix ?? '')
    // Placeholders need a value from a previous command's output: not simulated.
    if (
      lines.length === 0 ||
      lines.some(l =>
        /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/.test(l.replace(/API_KEY|AWS_PROXY|AWS_IAM|SCP_POLICY_ID/g, '')),
      )
    ) {
      notModelled.push(`${c.file}: ${v.check}`)
      return
    }
    const s = structuredClone(c.snapshot) as Mutable
    for (const l of lines) {
      if (!apply(s, shellWords(l))) {
        notModelled.push(`${c.file}: ${l.slice(0, 60)}`)
        return
      }
    }
    applied++
    const after = runChecks(s as DoctorSnapshot).find(x => x.id === v.check)!
    expect(after.status, `${v.check} after the fix: ${after.summary}`).not.toBe('fail')
  })
  it('most failing verdicts are covered by the simulator', () => {
    console.log(`fix-apply: ${applied} verdict fixes applied; not modelled:\n  ${notModelled.join('\n  ')}`)
    expect(applied).toBeGreaterThanOrEqual(25)
  })
})
