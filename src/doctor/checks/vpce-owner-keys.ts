import type { LayerEvaluation } from '../../policy/index.js'
import { statementEvidence } from '../check-helpers.js'
import type { Check } from '../check.js'
import { fail, pass, skipped, unknown } from '../finding.js'
import { missingForKey } from '../check-helpers.js'
import { apigwResourcePolicyAllows } from './apigw-resource-policy-allows.js'
import { iamIdentityAllows } from './iam-identity-allows.js'
import { iamPermissionsBoundary } from './iam-permissions-boundary.js'
import { iamScp } from './iam-scp.js'
import { vpcePolicyAllows } from './vpce-policy-allows.js'

const OWNER_KEY = /^aws:vpce(account|orgid|orgpaths)$/i

/** The check that owns each layer's fix (the policy change is theirs; this check explains the key). */
const LAYER_CHECK: Readonly<Record<string, Check>> = {
  'vpc-endpoint-policy': vpcePolicyAllows,
  'resource-policy': apigwResourcePolicyAllows,
  'identity-policy': iamIdentityAllows,
  'permissions-boundary': iamPermissionsBoundary,
  'service-control-policy': iamScp,
}

/**
 * Hop 6: policies written with the 2025 endpoint-owner keys (aws:VpceAccount, aws:VpceOrgID,
 * aws:VpceOrgPaths: "any endpoint owned by my organization") are evaluated with the values the
 * doctor established for the endpoint the call goes through: OwnerId from DescribeVpcEndpoints,
 * its organization from DescribeOrganization (the reader's own account) or DescribeAccount, and
 * its OU path from ListParents (management account or delegated administrator). The report
 * names each value and where it came from; a key that could not be established is unknown.
 */
export const vpceOwnerKeys: Check = {
  id: 'vpce.owner-keys',
  hop: 6,
  title: 'policies that test aws:VpceAccount / aws:VpceOrgID / aws:VpceOrgPaths match the endpoint owner',
  rows: [],
  run(s, d) {
    const p = d.policy
    const layers = p.evaluation?.layers ?? []
    const testing = layers.filter(l =>
      l.statements.some(st => st.conditions.some(c => OWNER_KEY.test(c.key))),
    )
    if (testing.length === 0)
      return skipped(
        'no policy evaluated for this call tests aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths',
      )
    const notes = p.vpceKeys.map(text => ({ text }))
    // A key the doctor could not establish, in a statement that would otherwise decide.
    for (const l of testing)
      for (const st of l.statements) {
        if (!st.principalMatched || !st.actionMatched || !st.resourceMatched) continue
        const c = st.conditions.find(
          x =>
            // An unknown key is never in the request context: its actual value is null.
            OWNER_KEY.test(x.key) && p.unknownKeys.some(k => k.toLowerCase() === x.key.toLowerCase()),
        )
        if (c)
          return unknown(
            `${l.label} ${st.sid ? `(${st.sid}) ` : ''}tests ${c.key}, which could not be established for the endpoint's owner`,
            missingForKey(c.key),
            [...statementEvidence(l, st, 'tests it'), ...notes],
          )
      }
    const decisive = (l: LayerEvaluation) =>
      l.statements.filter(
        st =>
          st.principalMatched &&
          st.actionMatched &&
          st.resourceMatched &&
          st.conditions.some(c => OWNER_KEY.test(c.key)) &&
          // A Deny that applies because of an owner key, or an Allow that fails on one.
          (st.effect === 'Deny'
            ? st.applies
            : !st.applies && st.conditions.some(c => OWNER_KEY.test(c.key) && !c.matched)),
      )
    for (const l of testing) {
      if (l.decision === 'allow') continue
      const sts = decisive(l)
      const st = sts[0]
      if (!st) continue
      // `decisive` guarantees one: an applying Deny matched every condition (an owner key among
      // them), and an Allow is kept only when an owner key did not match.
      const key = st.conditions.find(
        c => OWNER_KEY.test(c.key) && (st.effect === 'Deny' ? c.matched : !c.matched),
      )!
      const owner = layerFix(l, s, d)
      return fail(
        `${l.label} ${st.effect === 'Deny' ? 'denies' : 'does not allow'} the call on ${key.key}: the request carries ${valueText(key.actual)} (the endpoint's owner), the statement wants ${JSON.stringify(key.resolved ?? key.expected)}`,
        owner ??
          '# no AWS API change: put the endpoint owner, its organization or its OU path (the values below) in the statement',
        [...statementEvidence(l, st, st.effect === 'Deny' ? 'denies' : 'does not match'), ...notes],
        `${l.label} ${st.sid ? `Statement[${st.index}] (${st.sid})` : `Statement[${st.index}]`}`,
      )
    }
    return pass(
      `every statement that tests the endpoint owner matches: ${
        p.vpceKeys
          .filter(n => / = /.test(n))
          .map(n => n.split(' (')[0])
          .join(', ') || 'the owner keys'
      }`,
      notes,
    )
  },
}

const valueText = (v: readonly string[] | null): string =>
  v === null ? '(unknown)' : v.length === 1 ? v[0]! : JSON.stringify(v)

/** The fix of the check that owns the layer (its policy change), when it has one. */
function layerFix(
  l: LayerEvaluation,
  s: Parameters<Check['run']>[0],
  d: Parameters<Check['run']>[1],
): string | undefined {
  const c = LAYER_CHECK[l.layer]
  // Stryker disable next-line ConditionalExpression: equivalent: without it, c.run throws and the catch returns undefined too
  if (!c) return undefined
  // Stryker disable BlockStatement: equivalent in the catch (an empty one returns undefined as well); the fix assertions cover the try
  try {
    return c.run(s, d).fix
  } catch {
    return undefined
  }
  // Stryker restore BlockStatement
}
