/**
 * Structural check of a snapshot read from a file (`doctor --snapshot`): a snapshot is shared in
 * tickets and edited by hand, so a wrong type anywhere must be a one-line error naming the
 * field, not a TypeError deep inside a check. Pure; returns the first problem, or undefined.
 */
type Shape = (v: unknown, path: string) => string | undefined

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const str: Shape = (v, p) => (typeof v === 'string' ? undefined : `${p} must be a string`)
const bool: Shape = (v, p) => (typeof v === 'boolean' ? undefined : `${p} must be true or false`)
const any: Shape = () => undefined
const optional =
  (s: Shape): Shape =>
  (v, p) =>
    v === undefined ? undefined : s(v, p)
const oneOf =
  (...values: string[]): Shape =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? undefined : `${p} must be one of ${values.join(', ')}`
const arrayOf =
  (s: Shape): Shape =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p} must be a list`
    for (const [i, item] of v.entries()) {
      const problem = s(item, `${p}[${i}]`)
      if (problem) return problem
    }
    return undefined
  }
const recordOf =
  (s: Shape): Shape =>
  (v, p) => {
    if (!isObj(v)) return `${p} must be an object`
    for (const [k, item] of Object.entries(v)) {
      const problem = s(item, `${p}.${k}`)
      if (problem) return problem
    }
    return undefined
  }
const obj =
  (fields: Record<string, Shape>): Shape =>
  (v, p) => {
    if (!isObj(v)) return `${p} must be an object`
    for (const [k, s] of Object.entries(fields)) {
      const problem = s(v[k], `${p}.${k}`)
      if (problem) return problem
    }
    return undefined
  }

/** `Collected<T>`: a status, and for `ok` a value of shape `value`. */
const collected =
  (value: Shape = any): Shape =>
  (v, p) => {
    if (!isObj(v)) return `${p} must be an object with a status`
    switch (v.status) {
      case 'ok':
        return 'value' in v ? value(v.value, `${p}.value`) : `${p}.value is missing`
      case 'error':
        return v.cause === undefined || (isObj(v.cause) && typeof v.cause.kind === 'string')
          ? undefined
          : `${p}.cause must be an object with a kind`
      case 'denied':
      case 'not-found':
      case 'not-collected':
        return undefined
      default:
        return `${p}.status must be ok, denied, not-found, error or not-collected`
    }
  }

const policy = obj({
  name: optional(str),
  document: (v, p) => (isObj(v) || typeof v === 'string' ? undefined : `${p} must be a policy document`),
})
const list = arrayOf((v, p) => (isObj(v) ? undefined : `${p} must be an object`))
const strings = arrayOf(str)
// The lists the checks walk without looking first: a wrong type there is the file's problem,
// said here, not a TypeError in a check.
const endpoints = arrayOf(
  obj({ securityGroupIds: strings, subnetIds: strings, networkInterfaceIds: strings, dnsNames: strings }),
)
const resources = arrayOf(
  obj({ path: str, methods: (v, p) => (isObj(v) ? undefined : `${p} must be an object`) }),
)

const SNAPSHOT: Shape = obj({
  schemaVersion: (v, p) => (v === 1 ? undefined : `${p} must be 1`),
  collectedAt: (v, p) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : `${p} must be an ISO date`,
  tool: optional(obj({ name: optional(str), version: optional(str) })),
  target: obj({
    url: str,
    method: str,
    hostname: str,
    hostKind: oneOf('private-dns', 'alias', 'vpce', 'custom'),
    connectHost: str,
    region: str,
    urlPath: str,
    apiId: optional(str),
    stage: optional(str),
    resourcePath: optional(str),
    vpceId: optional(str),
    customDomain: optional(str),
    apiAccount: optional(str),
  }),
  signing: obj({
    region: str,
    service: str,
    hostHeader: str,
    route: str,
    authorization: (v, p) => (isObj(v) || typeof v === 'string' ? undefined : `${p} must be present`),
  }),
  caller: obj({
    identity: collected(),
    credentials: collected(),
    clock: collected(),
    principal: collected(obj({ arn: str, account: str })),
    role: collected(),
    identityPolicies: collected(arrayOf(policy)),
    permissionsBoundary: collected((v, p) => (v === null ? undefined : policy(v, p))),
    serviceControlPolicies: collected(arrayOf(policy)),
    organizationId: collected(),
    assumesRoleInVpc: bool,
  }),
  network: obj({
    caller: collected(obj({ subnetIds: strings, securityGroupIds: strings, privateIps: strings })),
    endpoints: collected(endpoints),
    stsEndpoints: collected(endpoints),
    vpcs: recordOf(collected()),
    subnets: recordOf(collected()),
    securityGroups: recordOf((v, p) => (isObj(v) ? undefined : `${p} must be an object`)),
    nacls: recordOf(collected()),
    routeTables: recordOf(collected()),
    enis: recordOf(collected(obj({ privateIps: strings }))),
  }),
  api: obj({
    identity: collected(),
    restApi: collected(),
    stages: collected(list),
    deployment: collected(),
    resources: collected(resources),
    authorizers: collected(list),
    usagePlans: collected(list),
    policyChanges: collected(),
    integrationPermission: collected(),
    customDomain: optional((v, p) => (isObj(v) ? undefined : `${p} must be an object`)),
  }),
  dns: obj({ answers: recordOf(collected(obj({ hostname: str, addresses: arrayOf(str) }))) }),
  supplied: optional(
    obj({
      resourcePolicy: optional(policy),
      endpointPolicy: optional(policy),
      identityPolicies: optional(arrayOf(policy)),
      serviceControlPolicies: optional(arrayOf(policy)),
      authorizerPolicy: optional(policy),
    }),
  ),
  probe: optional(collected()),
  collection: optional(
    obj({
      stoppedBy: optional((v, p) =>
        v === 'deadline' || v === 'interrupted' ? undefined : `${p} must be deadline or interrupted`,
      ),
    }),
  ),
})

/** The first structural problem of a snapshot (e.g. `snapshot.target.hostKind must be one of …`), or undefined. */
export function snapshotShapeProblem(snapshot: unknown): string | undefined {
  return SNAPSHOT(snapshot, 'snapshot')
}
