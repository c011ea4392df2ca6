/**
 * Collection: every read the doctor makes, through the ports, into one snapshot. Each read
 * starts as soon as what it depends on is known (a promise graph, not phases), so a live run
 * costs a few round trips rather than one per call. Nothing here throws for an AWS problem:
 * every read goes through `attempt` and a failure is recorded as data.
 */
import { mapPath, matchResource } from '../../core/route-match.js'
import {
  SNAPSHOT_SCHEMA_VERSION,
  notCollected,
  ok,
  valueOf,
  type CallerNetworkFacts,
  type Collected,
  type CredentialFacts,
  type CustomDomainFacts,
  type DoctorSnapshot,
  type EniFacts,
  type NaclFacts,
  type PolicyFacts,
  type PrefixListFacts,
  type ResourceFacts,
  type RouteTableFacts,
  type SecurityGroupFacts,
  type SgRuleFacts,
  type SigningFacts,
  type SubnetFacts,
  type SuppliedFacts,
  type TargetFacts,
  type VpcEndpointFacts,
  type VpcFacts,
} from '../../doctor/snapshot.js'
import { attempt, type AttemptOptions, type RunStop } from './attempt.js'
import type { DoctorPorts, LambdaPort } from './ports.js'
import { sanitizeSnapshot } from './sanitize.js'

/** What the doctor was asked to diagnose, and how to reach the caller's network. */
export interface CollectRequest {
  readonly target: TargetFacts
  readonly signing: SigningFacts
  /** `--vpce`: an endpoint id (its DNS name is looked up) or a DNS name. */
  readonly vpce?: {
    readonly id?: string
    readonly hostname?: string /** Stands in for the id's DNS name in target/signing until it is looked up. */
    readonly placeholder?: string
  }
  /** Where the caller's credentials came from (no secrets). */
  readonly credentials: Collected<CredentialFacts>
  readonly apiReadWith: 'caller-credentials' | 'api-credentials'
  readonly network: {
    readonly lambda?: string
    readonly fromImds?: boolean
    readonly vpcId?: string
    readonly subnetIds: readonly string[]
    readonly securityGroupIds: readonly string[]
    readonly privateIps: readonly string[]
  }
  readonly assumesRoleInVpc: boolean
  readonly supplied: SuppliedFacts
  /** Collection time: the snapshot's `collectedAt`. */
  readonly now: Date
  readonly version: string
  /** Values to scrub from the snapshot wherever they appear (session tokens, secret keys). */
  readonly secrets?: readonly string[]
  readonly attempt?: AttemptOptions
}

/** How far back CloudTrail is searched for policy changes (its event history keeps 90 days). */
const LOOKBACK_DAYS = 90
/** At most this many endpoints are read in detail when the caller's cannot be told apart. */
const MAX_ENDPOINTS = 20

/** `vpce-…-xxxx.execute-api.R.vpce.amazonaws.com`: the regional endpoint-specific name. */
function regionalName(e: VpcEndpointFacts): string | undefined {
  const own = e.dnsNames
    .map(n => n.toLowerCase().replace(/\.$/, ''))
    .filter(n => n.startsWith(`${e.id}-`) && n.includes('.vpce.'))
  return own.find(n => /^vpce-[0-9a-f]+-[a-z0-9]+\./.test(n)) ?? own[0]
}

/** The role name behind an assumed-role session or role ARN. */
function roleNameOf(arn: string): string | undefined {
  return /:assumed-role\/([^/]+)\//.exec(arn)?.[1] ?? /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1]
}

const unique = <T>(xs: readonly (T | undefined)[]): T[] => [
  ...new Set(xs.filter((x): x is T => x !== undefined)),
]

/** Collect everything the checks need. Never throws for AWS problems. */
export async function collectSnapshot(req: CollectRequest, ports: DoctorPorts): Promise<DoctorSnapshot> {
  // One map per run: a service whose endpoint did not answer is not asked again (attempt.ts).
  const opts = { unreachable: new Map(), ...req.attempt }
  const get = <T>(action: string, read: () => Promise<T | undefined>) => attempt(action, read, opts)
  const region = req.target.region
  const t0 = req.target
  const startedAt = Date.now()

  // ---- independent reads: identity, API Gateway, the endpoints, the caller's compute ----------
  const identity = get('sts:GetCallerIdentity', () => ports.callerSts.callerIdentity())
  const apiIdentity = ports.apiSts
    ? get('sts:GetCallerIdentity', () => ports.apiSts!.callerIdentity())
    : identity
  const organizationId = get('organizations:DescribeOrganization', () => ports.organizations.organizationId())
  const lambda = req.network.lambda
    ? get('lambda:GetFunctionConfiguration', () => ports.lambda.functionConfiguration(req.network.lambda!))
    : undefined
  const imds = req.network.fromImds
    ? get('ec2 instance metadata (IMDSv2)', () => ports.imds.network())
    : undefined
  const endpoints = get('ec2:DescribeVpcEndpoints', () =>
    ports.ec2.interfaceEndpoints(`com.amazonaws.${region}.execute-api`),
  )
  const stsEndpoints = req.assumesRoleInVpc
    ? get('ec2:DescribeVpcEndpoints', () => ports.ec2.interfaceEndpoints(`com.amazonaws.${region}.sts`))
    : Promise.resolve(notCollected('the caller does not assume roles from inside the VPC'))

  // The custom domain comes first when the URL is one: its mapping names the API.
  const domain = t0.customDomain ? collectDomain(t0, ports, get) : undefined
  const target: Promise<TargetFacts> = (async () => {
    let t = t0
    if (domain) {
      const d = await domain
      const mappings = valueOf(d.basePathMappings)
      const m = mappings ? mapPath(mappings, t.urlPath) : undefined
      if (m && !t.apiId)
        t = {
          ...t,
          apiId: m.mapping.restApiId,
          ...(m.mapping.stage ? { stage: m.mapping.stage } : {}),
          resourcePath: m.rest,
        }
    }
    if (req.vpce?.id) {
      const eps = valueOf(await endpoints)
      const ep = eps?.find(e => e.id === req.vpce!.id)
      const name = ep ? regionalName(ep) : undefined
      if (name) t = { ...t, connectHost: name }
      else if (req.vpce.placeholder) t = { ...t, connectHost: req.vpce.id }
    }
    return t
  })()
  const apiId = target.then(t => t.apiId)
  const apiRead = <T>(what: string, read: (id: string) => Promise<T | undefined>): Promise<Collected<T>> =>
    apiId.then(id =>
      id
        ? get(`apigateway:GET (${what.replace('{id}', id)})`, () => read(id))
        : notCollected('the API id is unknown (no base path mapping matched)', '--api-id'),
    )
  const restApi = apiRead('/restapis/{id}', id => ports.apigw.restApi(id))
  const stages = apiRead('/restapis/{id}/stages', id => ports.apigw.stages(id))
  const resources = apiRead('/restapis/{id}/resources', id => ports.apigw.resources(id))
  const authorizers = apiRead('/restapis/{id}/authorizers', id => ports.apigw.authorizers(id))
  const usagePlans = apiRead('/usageplans', () => ports.apigw.usagePlans())
  const since = new Date(req.now.getTime() - LOOKBACK_DAYS * 86_400_000)
  const policyChanges = apiId.then(id =>
    id
      ? get('cloudtrail:LookupEvents', () => ports.cloudtrail.lastPolicyChange(id, since))
      : Promise.resolve(notCollected('the API id is unknown')),
  )
  const deployment = Promise.all([stages, target]).then(([st, t]) => {
    const stage = valueOf(st)?.find(x => x.stageName === t.stage)
    if (!stage)
      return notCollected(
        st.status === 'ok' ? `stage ${t.stage ?? '?'} does not exist` : 'the stages could not be read',
      )
    if (!stage.deploymentId) return notCollected(`stage ${stage.stageName} has no deployment`)
    return get(`apigateway:GET (/restapis/${t.apiId}/deployments/${stage.deploymentId})`, () =>
      ports.apigw.deployment(t.apiId!, stage.deploymentId!),
    )
  })

  // ---- the calling principal and its IAM side (account A) -------------------------------------
  type Principal = Collected<{ arn: string; account: string; source: 'sts' | 'lambda' | 'imds' }>
  const principalP: Promise<Principal> = (async () => {
    const cfg = lambda ? await lambda : undefined
    const fn = cfg && valueOf(cfg)
    if (fn) {
      const account = /^arn:[^:]+:iam::(\d{12}):/.exec(fn.roleArn)?.[1] ?? ''
      return ok({
        arn: `arn:aws:sts::${account}:assumed-role/${roleNameOf(fn.roleArn)}/${fn.functionName}`,
        account,
        source: 'lambda' as const,
      })
    }
    if (cfg && cfg.status !== 'ok') return cfg
    const id = await identity
    if (id.status !== 'ok') return id
    return ok({
      arn: id.value.identity.arn,
      account: id.value.identity.account,
      source: req.network.fromImds ? ('imds' as const) : ('sts' as const),
    })
  })()
  // The doctor signs as the last role of --role-arn: its name is known before STS answers, so
  // the IAM reads need not wait for GetCallerIdentity (one round trip less on the critical path).
  const chain = req.credentials.status === 'ok' ? req.credentials.value.roleChain : []
  const chainRole = !req.network.lambda && chain.length > 0 ? roleNameOf(chain.at(-1)!) : undefined
  const roleNameP = chainRole
    ? Promise.resolve(chainRole)
    : principalP.then(p => (p.status === 'ok' ? roleNameOf(p.value.arn) : undefined))
  const notRole = (p: Principal) =>
    notCollected(
      p.status === 'ok'
        ? `${p.value.arn} is not a role session: identity policies of users are not read`
        : 'the calling principal is unknown',
      '--identity-policy FILE',
    )
  const role = roleNameP.then(async name =>
    name ? get('iam:GetRole', () => ports.iam.role(name)) : notRole(await principalP),
  )
  const identityPolicies = roleNameP.then(async name =>
    name ? get('iam:ListRolePolicies', () => ports.iam.rolePolicies(name)) : notRole(await principalP),
  )
  const permissionsBoundary = role.then(async (r): Promise<Collected<PolicyFacts | null>> => {
    if (r.status !== 'ok') return r
    const arn = r.value.permissionsBoundaryArn
    return arn
      ? get<PolicyFacts | null>('iam:GetPolicyVersion', () => ports.iam.managedPolicy(arn))
      : ok(null)
  })

  // ---- the caller's network ------------------------------------------------------------------
  const callerNetwork: Promise<Collected<CallerNetworkFacts>> = (async () => {
    const n = req.network
    const lambdaCfg = lambda ? await lambda : undefined
    if (lambdaCfg) {
      if (lambdaCfg.status !== 'ok') return lambdaCfg
      const fn = lambdaCfg.value
      if (!fn.vpcId)
        return notCollected(
          `${fn.functionName} is not attached to a VPC: it cannot reach a private API`,
          'attach the function to the VPC (VpcConfig)',
        )
      return ok({
        source: 'lambda' as const,
        vpcId: fn.vpcId,
        subnetIds: fn.subnetIds,
        securityGroupIds: fn.securityGroupIds,
        privateIps: [...n.privateIps],
        lambda: { functionName: fn.functionName, functionArn: fn.functionArn, roleArn: fn.roleArn },
        ...(fn.ipv6AllowedForDualStack !== undefined
          ? { ipv6AllowedForDualStack: fn.ipv6AllowedForDualStack }
          : {}),
      })
    }
    if (imds) {
      const m = await imds
      if (m.status !== 'ok') return m
      return ok({
        source: 'imds' as const,
        ...(m.value.vpcId ? { vpcId: m.value.vpcId } : {}),
        subnetIds: m.value.subnetId ? [m.value.subnetId] : [],
        securityGroupIds: m.value.securityGroupIds,
        privateIps: m.value.privateIps,
        ...(m.value.instanceId ? { instanceId: m.value.instanceId } : {}),
      })
    }
    if (
      !n.vpcId &&
      n.subnetIds.length === 0 &&
      n.securityGroupIds.length === 0 &&
      n.privateIps.length === 0
    ) {
      return notCollected(
        "the caller's network was not given",
        '--lambda NAME, --from-imds, or --vpc/--subnet/--caller-sg/--caller-ip',
      )
    }
    // Flags: fill the VPC from the subnet when only the subnet was given.
    let vpcId = n.vpcId
    if (!vpcId && n.subnetIds.length > 0) {
      const sn = await get('ec2:DescribeSubnets', () => ports.ec2.subnets(n.subnetIds))
      vpcId = valueOf(sn)?.[0]?.vpcId
    }
    return ok({
      source: 'flags' as const,
      ...(vpcId ? { vpcId } : {}),
      subnetIds: [...n.subnetIds],
      securityGroupIds: [...n.securityGroupIds],
      privateIps: [...n.privateIps],
    })
  })()

  // The caller's VPC and route tables as soon as the caller's network is known (from flags:
  // at once), not after the endpoints: they do not depend on them.
  const callerVpcIdP = callerNetwork.then(n => valueOf(n)?.vpcId)
  const callerVpcP = callerVpcIdP.then(v => (v ? collectVpcs([v], ports, get) : {}))
  const routesEarly = callerVpcIdP.then(v =>
    v
      ? get('ec2:DescribeRouteTables', () => ports.ec2.routeTables([v]))
      : Promise.resolve(notCollected('the caller VPC is unknown')),
  )

  // DNS: as soon as the connect host is known.
  const dnsAnswer = target.then(t =>
    get('dns', async () => ({ hostname: t.connectHost, ...(await ports.dns.resolve(t.connectHost)) })).then(
      a => [t.connectHost, a] as const,
    ),
  )

  // The endpoints worth reading in detail: the named one, the caller VPC's, else all (bounded).
  const [eps, net] = await Promise.all([endpoints, callerNetwork])
  const epList = valueOf(eps) ?? []
  const callerVpc = valueOf(net)?.vpcId
  const named = epList.filter(e => e.id === t0.vpceId || e.id === req.vpce?.id)
  const inVpc = epList.filter(e => e.vpcId === callerVpc)
  const relevant = (named.length ? named : inVpc.length ? inVpc : epList).slice(0, MAX_ENDPOINTS)

  const callerNet = valueOf(net)
  const vpcIds = unique([callerVpc, ...relevant.map(e => e.vpcId)])
  const subnetIds = unique([...(callerNet?.subnetIds ?? []), ...relevant.flatMap(e => e.subnetIds)])
  const groupIds = unique([
    ...(callerNet?.securityGroupIds ?? []),
    ...relevant.flatMap(e => e.securityGroupIds),
  ])
  const eniIds = unique(relevant.flatMap(e => e.networkInterfaceIds))

  const vpcsP = Promise.all([
    callerVpcP,
    collectVpcs(
      vpcIds.filter(v => v !== callerVpc),
      ports,
      get,
    ),
  ]).then(([a, b]) => ({ ...a, ...b }))
  const subnetsP = get('ec2:DescribeSubnets', () => ports.ec2.subnets(subnetIds))
  const rulesP = get('ec2:DescribeSecurityGroupRules', () => ports.ec2.securityGroupRules(groupIds))
  const naclsP = get('ec2:DescribeNetworkAcls', () => ports.ec2.networkAcls(subnetIds))
  const routesP = routesEarly
  const enisP = get('ec2:DescribeNetworkInterfaces', () => ports.ec2.networkInterfaces(eniIds))

  // The Lambda integration's resource policy (account B), once the route is known.
  const integrationPermission = Promise.all([resources, target]).then(([res, t]) =>
    lambdaPermission(res, t, ports.apiLambda, get),
  )

  const [
    id,
    apiId_,
    org,
    vpcs,
    subnets,
    rules,
    nacls,
    routes,
    enis,
    dns,
    t,
    api,
    st,
    dep,
    resList,
    auths,
    plans,
    changes,
    perm,
    roleC,
    policiesC,
    boundaryC,
    dom,
  ] = await Promise.all([
    identity,
    apiIdentity,
    organizationId,
    vpcsP,
    subnetsP,
    rulesP,
    naclsP,
    routesP,
    enisP,
    dnsAnswer,
    target,
    restApi,
    stages,
    deployment,
    resources,
    authorizers,
    usagePlans,
    policyChanges,
    integrationPermission,
    role,
    identityPolicies,
    permissionsBoundary,
    domain,
  ])
  const principal = await principalP
  const prefixLists = await collectPrefixLists(rules, ports, get)

  const byId = <T>(
    ids: readonly string[],
    list: Collected<readonly T[]>,
    key: (x: T) => string,
    what: string,
  ): Record<string, Collected<T>> =>
    Object.fromEntries(
      ids.map(i => [
        i,
        list.status === 'ok'
          ? list.value.find(x => key(x) === i)
            ? ok(list.value.find(x => key(x) === i)!)
            : { status: 'not-found' as const, message: `${what} ${i} not found` }
          : list,
      ]),
    )

  const securityGroups: Record<string, SecurityGroupFacts> = Object.fromEntries(
    groupIds.map(g => [
      g,
      { groupId: g, rules: rules.status === 'ok' ? ok(rules.value.filter(r => r.groupId === g)) : rules },
    ]),
  )
  const naclBySubnet: Record<string, Collected<NaclFacts>> = Object.fromEntries(
    subnetIds.map(sn => {
      if (nacls.status !== 'ok') return [sn, nacls]
      const a = nacls.value.find(x => x.subnetIds.includes(sn))
      return [
        sn,
        a
          ? ok({
              naclId: a.naclId,
              ...(a.isDefault !== undefined ? { isDefault: a.isDefault } : {}),
              entries: a.entries,
            })
          : { status: 'not-found' as const, message: `no network ACL associated with ${sn}` },
      ]
    }),
  )
  const routeBySubnet: Record<string, Collected<RouteTableFacts>> = Object.fromEntries(
    (callerNet?.subnetIds ?? []).map(sn => {
      if (routes.status !== 'ok') return [sn, routes]
      const explicit = routes.value.find(r => r.subnetIds.includes(sn))
      const table = explicit ?? routes.value.find(r => r.main)
      return [
        sn,
        table
          ? ok({ routeTableId: table.routeTableId, main: !explicit, routes: table.routes })
          : { status: 'not-found' as const, message: `no route table for ${sn}` },
      ]
    }),
  )

  const credentialDate = valueOf(id)?.serverDate
  const snapshot: DoctorSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collectedAt: req.now.toISOString(),
    tool: { name: 'pvapi', version: req.version },
    target: t,
    signing: withEndpointName(req.signing, req.vpce?.placeholder, t.connectHost),
    caller: {
      identity: id.status === 'ok' ? ok(id.value.identity) : id,
      credentials: req.credentials,
      clock: credentialDate
        ? ok({
            localTime: new Date(startedAt).toISOString(),
            serverTime: credentialDate,
            skewMs: startedAt - Date.parse(credentialDate),
          })
        : id.status === 'ok'
          ? notCollected('the STS answer had no Date header')
          : id,
      principal,
      role: roleC,
      identityPolicies: policiesC,
      permissionsBoundary: boundaryC,
      serviceControlPolicies: notCollected(
        'member accounts cannot read the SCPs that apply to them',
        '--scp FILE',
      ),
      organizationId: org,
      assumesRoleInVpc: req.assumesRoleInVpc,
    },
    network: {
      caller: net,
      endpoints: eps,
      stsEndpoints: await stsEndpoints,
      vpcs,
      subnets: byId<SubnetFacts>(subnetIds, subnets, x => x.subnetId, 'subnet'),
      securityGroups,
      nacls: naclBySubnet,
      routeTables: routeBySubnet,
      enis: byId<EniFacts>(eniIds, enis, x => x.eniId, 'network interface'),
      ...(Object.keys(prefixLists).length > 0 ? { prefixLists } : {}),
    },
    api: {
      identity: apiId_.status === 'ok' ? ok(apiId_.value.identity) : apiId_,
      readWith: req.apiReadWith,
      restApi:
        api.status === 'not-found' && req.apiReadWith === 'caller-credentials'
          ? {
              status: 'not-found',
              message: `not in the caller's account (${valueOf(id)?.identity.account ?? '?'}): a cross-account API needs --api-profile or --api-role-arn`,
            }
          : api,
      stages: st,
      deployment: dep,
      resources: resList,
      authorizers: auths,
      usagePlans: plans,
      policyChanges: changes,
      integrationPermission: perm,
      ...(dom ? { customDomain: dom } : {}),
    },
    dns: { answers: { [dns[0]]: dns[1] } },
    supplied: req.supplied,
    probe: notCollected('--probe was not requested'),
    ...collectionFacts(opts),
  }
  return sanitizeSnapshot(snapshot, req.secrets ?? [])
}

/** The limits used, and whether the deadline or Ctrl-C stopped the reads. */
function collectionFacts(o: AttemptOptions): Pick<DoctorSnapshot, 'collection'> {
  const reason = o.signal?.aborted ? (o.signal.reason as RunStop | undefined) : undefined
  const stoppedBy = reason?.pvapiStop
  const timeoutMs = reason?.timeoutMs ?? o.timeoutMs
  if (!stoppedBy && o.connectTimeoutMs === undefined && o.readTimeoutMs === undefined && !timeoutMs) return {}
  return {
    collection: {
      ...(stoppedBy ? { stoppedBy } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      ...(o.readTimeoutMs !== undefined ? { readTimeoutMs: o.readTimeoutMs } : {}),
    },
  }
}

/** Put the looked-up endpoint name where the placeholder stood. */
function withEndpointName(
  signing: SigningFacts,
  placeholder: string | undefined,
  name: string,
): SigningFacts {
  if (!placeholder) return signing
  const fix = (x: string) => x.split(placeholder).join(name)
  return { ...signing, hostHeader: fix(signing.hostHeader), route: fix(signing.route) }
}

type Get = <T>(action: string, read: () => Promise<T | undefined>) => Promise<Collected<T>>

async function collectVpcs(
  vpcIds: readonly string[],
  ports: DoctorPorts,
  get: Get,
): Promise<Record<string, Collected<VpcFacts>>> {
  if (vpcIds.length === 0) return {}
  // The attributes need only the id: read them alongside DescribeVpcs, not after it.
  const attributes = new Map(
    vpcIds.map(vpcId => [
      vpcId,
      Promise.all([
        get('ec2:DescribeVpcAttribute', () => ports.ec2.vpcAttribute(vpcId, 'enableDnsSupport')),
        get('ec2:DescribeVpcAttribute', () => ports.ec2.vpcAttribute(vpcId, 'enableDnsHostnames')),
      ]),
    ]),
  )
  const list = await get('ec2:DescribeVpcs', () => ports.ec2.vpcs(vpcIds))
  const entries = await Promise.all(
    vpcIds.map(async (vpcId): Promise<[string, Collected<VpcFacts>]> => {
      if (list.status !== 'ok') return [vpcId, list]
      const v = list.value.find(x => x.vpcId === vpcId)
      if (!v) return [vpcId, { status: 'not-found', message: `VPC ${vpcId} not found` }]
      const [[support, hostnames], dhcp] = await Promise.all([
        attributes.get(vpcId)!,
        v.dhcpOptionsId
          ? get('ec2:DescribeDhcpOptions', () => ports.ec2.dhcpDomainNameServers(v.dhcpOptionsId!))
          : Promise.resolve(ok<string[]>(['AmazonProvidedDNS'])),
      ])
      return [
        vpcId,
        ok({
          vpcId,
          ...(v.ownerId ? { ownerId: v.ownerId } : {}),
          cidrBlocks: v.cidrBlocks,
          ...(v.dhcpOptionsId ? { dhcpOptionsId: v.dhcpOptionsId } : {}),
          enableDnsSupport: support,
          enableDnsHostnames: hostnames,
          dhcpDomainNameServers: dhcp,
        }),
      ]
    }),
  )
  return Object.fromEntries(entries)
}

async function collectDomain(t: TargetFacts, ports: DoctorPorts, get: Get): Promise<CustomDomainFacts> {
  const name = t.customDomain!
  const [candidates, consumerAssociations, providerOther, providerSelf] = await Promise.all([
    get('apigateway:GET (/domainnames)', () => ports.apigw.domainNames(name)),
    get('apigateway:GET (/domainnameaccessassociations)', () => ports.callerApigw.accessAssociations('SELF')),
    get('apigateway:GET (/domainnameaccessassociations)', () =>
      ports.apigw.accessAssociations('OTHER_ACCOUNTS'),
    ),
    get('apigateway:GET (/domainnameaccessassociations)', () => ports.apigw.accessAssociations('SELF')),
  ])
  // A private domain name is addressed by name + id; the consumer's association names its ARN.
  const fromAssociation = valueOf(consumerAssociations)?.find(a =>
    a.domainNameArn.includes(`/domainnames/${name}+`),
  )?.domainNameArn
  const domainNameId = valueOf(candidates)?.[0]?.domainNameId ?? fromAssociation?.split('+').pop()
  const [domain, basePathMappings] = await Promise.all([
    get(`apigateway:GET (/domainnames/${name})`, () => ports.apigw.domainName(name, domainNameId)),
    get(`apigateway:GET (/domainnames/${name}/basepathmappings)`, () =>
      ports.apigw.basePathMappings(name, domainNameId),
    ),
  ])
  const provider = [providerOther, providerSelf]
  const providerAssociations = provider.every(p => p.status === 'ok')
    ? ok([...(valueOf(providerOther) ?? []), ...(valueOf(providerSelf) ?? [])])
    : provider.find(p => p.status !== 'ok')!
  return { domainName: name, domain, basePathMappings, consumerAssociations, providerAssociations }
}

async function lambdaPermission(
  resources: Collected<readonly ResourceFacts[]>,
  t: TargetFacts,
  lambda: LambdaPort,
  get: Get,
): Promise<DoctorSnapshot['api']['integrationPermission']> {
  if (resources.status !== 'ok') return notCollected('the resources could not be read')
  const r = t.resourcePath !== undefined ? matchResource(resources.value, t.resourcePath) : undefined
  const m = r?.methods[t.method.toUpperCase()] ?? r?.methods.ANY
  const fn = m?.integration?.uri?.match(
    /\/functions\/(arn:[^/]+:lambda:[^/]+:function:[^/]+?)\/invocations/,
  )?.[1]
  if (!fn) return notCollected('the method has no Lambda integration')
  const policy = await get(`lambda:GetPolicy`, () => lambda.functionPolicy(fn))
  return policy.status === 'ok' ? ok({ functionArn: fn, policy: policy.value }) : policy
}

/**
 * The entries of the managed prefix lists that security group rules name (a rule to `pl-…`
 * covers whatever CIDRs the list holds). Read-only; each list is one small paginated read.
 */
async function collectPrefixLists(
  rules: Collected<readonly SgRuleFacts[]>,
  ports: DoctorPorts,
  get: <T>(action: string, read: () => Promise<T | undefined>) => Promise<Collected<T>>,
): Promise<Record<string, Collected<PrefixListFacts>>> {
  if (rules.status !== 'ok') return {}
  const ids = [...new Set(rules.value.flatMap(r => (r.prefixListId ? [r.prefixListId] : [])))]
  const read = ports.ec2.prefixListEntries?.bind(ports.ec2)
  const out = await Promise.all(
    ids.map(async (id): Promise<[string, Collected<PrefixListFacts>]> => {
      if (!read) return [id, { status: 'not-collected', reason: 'this reader cannot read prefix lists' }]
      const c = await get('ec2:GetManagedPrefixListEntries', () => read(id))
      return [id, c.status === 'ok' ? { status: 'ok', value: { prefixListId: id, cidrs: c.value } } : c]
    }),
  )
  return Object.fromEntries(out)
}
