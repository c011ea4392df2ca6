/**
 * The reads behind the 2025–2026 checks that are not part of another read: VPC Block Public
 * Access (account options and exclusions), and the endpoint owner's organization and OU path for
 * the aws:VpceOrgID / aws:VpceOrgPaths condition keys. Kept out of collect.ts (which only starts
 * them and stores what they return) so the collection's own structure can change around them.
 */
import {
  notCollected,
  ok,
  valueOf,
  type BlockPublicAccessFacts,
  type Collected,
  type EndpointOwnerOrgFacts,
  type VpcEndpointFacts,
} from '../../doctor/snapshot.js'
import type { Area } from './area.js'
import type { Get } from './context.js'
import type { DoctorPorts } from './ports.js'

/**
 * The area (collect.ts AREAS): Block Public Access starts at once (it depends on nothing); the
 * owner's organization once the endpoint, the policies and the reader's organization are known,
 * and only when a policy tests aws:VpceOrgID/aws:VpceOrgPaths.
 */
export const aws2026Area: Area = async ({ req, ports, get }, reads) => {
  const blockPublicAccess = readBlockPublicAccess(ports, get)
  const [scope, restApi, domain, identity, readerOrg] = await Promise.all([
    reads.scope,
    reads.restApi,
    reads.domain,
    reads.identity,
    reads.organizationId,
  ])
  const named = scope.endpoints.find(e => e.id === req.target.vpceId || e.id === req.vpce?.id)
  const ep = named ?? scope.endpoints.find(e => e.privateDnsEnabled) ?? scope.endpoints[0]
  const endpointOwnerOrg = testsVpceOrgKeys([
    ep?.policy,
    valueOf(restApi)?.policy,
    valueOf(domain?.domain)?.policy,
    ...Object.values(req.supplied),
  ])
    ? await readEndpointOwnerOrg(ports, get, {
        endpoint: ep,
        readerAccount: valueOf(identity)?.identity.account,
        readerOrg,
      })
    : undefined
  const bpa = blockPublicAccess ? await blockPublicAccess : undefined
  return {
    network: {
      ...(bpa ? { blockPublicAccess: bpa } : {}),
      ...(endpointOwnerOrg ? { endpointOwnerOrg } : {}),
    },
  }
}

/** OUs nest at most five deep under the root: a walk longer than this is a loop. */
const MAX_DEPTH = 7

/**
 * VPC Block Public Access for the account in this Region. Undefined when the reader cannot
 * ask (an older fake): the checks then treat it as not read, like an older snapshot.
 */
export function readBlockPublicAccess(
  ports: DoctorPorts,
  get: Get,
): Promise<Collected<BlockPublicAccessFacts>> | undefined {
  const read = ports.ec2.blockPublicAccess?.bind(ports.ec2)
  return read
    ? get('ec2:DescribeVpcBlockPublicAccessOptions', () => read()).then(c =>
        // One permission name per read: the exclusions need their own.
        c.status === 'denied' && /Exclusion/i.test(c.message ?? '')
          ? { ...c, action: 'ec2:DescribeVpcBlockPublicAccessExclusions' }
          : c,
      )
    : undefined
}

/** Whether any policy the doctor will evaluate tests the endpoint owner's organization. */
export function testsVpceOrgKeys(documents: readonly unknown[]): boolean {
  return documents.some(d => d !== undefined && /aws:VpceOrg(ID|Paths)/i.test(JSON.stringify(d)))
}

/**
 * The endpoint owner's organization id and OU paths, read only when a policy tests them (two to
 * seven Organizations calls otherwise wasted). DescribeOrganization answers for the reader's own
 * account; DescribeAccount (is the owner in the reader's organization?) and ListParents (its OU
 * path) answer only for the management account or a delegated administrator.
 */
export async function readEndpointOwnerOrg(
  ports: DoctorPorts,
  get: Get,
  input: {
    readonly endpoint: VpcEndpointFacts | undefined
    readonly readerAccount: string | undefined
    readonly readerOrg: Collected<string | null>
  },
): Promise<Collected<EndpointOwnerOrgFacts>> {
  const owner = input.endpoint?.ownerId
  if (!owner) return notCollected('the endpoint or its OwnerId was not read')
  const org = ports.organizations
  const readerOrg = valueOf(input.readerOrg)
  const via: string[] = []
  let orgId: string | null | undefined
  if (owner === input.readerAccount) {
    if (input.readerOrg.status !== 'ok') return input.readerOrg
    orgId = readerOrg ?? null
    via.push(`${owner} is the reader's account: organizations:DescribeOrganization`)
  } else if (readerOrg && org.accountInOrganization) {
    const inOrg = await get('organizations:DescribeAccount', () => org.accountInOrganization!(owner))
    if (inOrg.status !== 'ok') return inOrg
    if (!inOrg.value)
      return {
        status: 'not-found',
        message: `${owner} is not in the reader's organization ${readerOrg}, and only its own organization can say which it is in`,
      }
    orgId = readerOrg
    via.push(`organizations:DescribeAccount ${owner} answered in ${readerOrg}`)
  } else
    return notCollected(
      `${owner} owns the endpoint; the doctor reads as ${input.readerAccount ?? 'an unknown account'}, ${readerOrg ? 'which cannot ask Organizations about other accounts' : 'which is in no organization it can read'}`,
      `--profile of ${owner}, or of the organization's management account`,
    )
  if (!orgId || !org.parents) return ok({ account: owner, orgId, via: via.join('; ') })
  // Walk up: account → OU → … → root. The path is written root first, as IAM writes it.
  const chain: string[] = []
  let child = owner
  for (let i = 0; i < MAX_DEPTH; i++) {
    const parents = await get('organizations:ListParents', () => org.parents!(child))
    if (parents.status !== 'ok') {
      via.push(`aws:VpceOrgPaths not read (organizations:ListParents: ${parents.status})`)
      return ok({ account: owner, orgId, via: via.join('; ') })
    }
    const p = parents.value[0]
    if (!p) break
    chain.unshift(p.id)
    if (p.type === 'ROOT') {
      via.push('organizations:ListParents up to the root')
      return ok({ account: owner, orgId, paths: [`${orgId}/${chain.join('/')}/`], via: via.join('; ') })
    }
    child = p.id
  }
  via.push('aws:VpceOrgPaths not read (ListParents did not reach the root)')
  return ok({ account: owner, orgId, via: via.join('; ') })
}
