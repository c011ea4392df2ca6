// Policy engine throughput: evaluateRequest on a 20-statement resource policy, a VPC endpoint
// policy and two identity policies (the doctor's typical load, with headroom). Run after
// `npm run build`; bench/run.mjs calls benchPolicy() and prints the rows.
import { buildRequestContext, evaluateRequest, parsePolicy } from '../dist/policy.js'

const API = 'arn:aws:execute-api:us-east-1:222222222222:abc123'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/lambda-role/s1'

/** 20 statements of the shapes real resource policies have: VPC guards, roles, routes, conditions. */
function resourcePolicy() {
  const statements = [
    {
      Sid: 'DenyUnlessVpce',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0abc', 'vpce-0def'] } },
    },
    {
      Sid: 'DenyInsecure',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyAdminPathsOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*/*/admin/*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
    },
  ]
  for (let i = 0; i < 12; i++) {
    statements.push({
      Sid: `AllowTeam${i}`,
      Effect: 'Allow',
      Principal: {
        AWS: [
          `arn:aws:iam::3333333333${String(i).padStart(2, '0')}:role/team-${i}`,
          `arn:aws:iam::111111111111:role/svc-${i}`,
        ],
      },
      Action: 'execute-api:Invoke',
      Resource: [`execute-api:/prod/GET/team${i}/*`, `execute-api:/prod/POST/team${i}/*`],
      Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/*-${i}` } },
    })
  }
  statements.push(
    {
      Sid: 'AllowReadersByTag',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/prod/GET/reports/*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } },
    },
    {
      Sid: 'AllowFromSubnets',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/prod/GET/health',
      Condition: { IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16', '10.1.0.0/16', 'fd00::/8'] } },
    },
    {
      Sid: 'AllowUntil',
      Effect: 'Allow',
      Principal: { AWS: '111111111111' },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/beta/*',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    },
    {
      Sid: 'AllowTagged',
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/prod/*/tagged/*',
      Condition: {
        'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': ['o-abc123/r-1/ou-a/', 'o-abc123/r-1/ou-b/'] },
      },
    },
    {
      Sid: 'AllowLambdaRole',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/lambda-role' },
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/prod/GET/items',
    },
  )
  return { Version: '2012-10-17', Statement: statements }
}

const endpointPolicy = {
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `${API}/*`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API}/*/DELETE/*` },
  ],
}
const identityPolicies = [
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API}/prod/*` },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
    ],
  },
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotAction: ['execute-api:*', 's3:*', 'logs:*'], Resource: '*' }],
  },
]

const context = buildRequestContext({
  principal: SESSION,
  principalOrgId: 'o-abc123',
  principalOrgPaths: ['o-abc123/r-1/ou-a/'],
  principalTags: { team: 'payments' },
  sourceVpce: 'vpce-0abc',
  sourceVpc: 'vpc-0abc',
  vpcSourceIp: '10.0.3.7',
  resourceTags: { team: 'payments' },
  now: new Date('2025-06-01T00:00:00Z'),
})

/** Evaluations per second of `fn`, measured over about `ms` milliseconds after a warm-up. */
function perSecond(fn, ms = 1000) {
  for (let i = 0; i < 200; i++) fn()
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) fn()
    n += 50
    elapsed = performance.now() - start
  }
  return Math.round((n / elapsed) * 1000)
}

/** Rows `{ name, value, unit }` for bench/run.mjs. */
export async function benchPolicy() {
  const raw = { resourcePolicy: resourcePolicy(), vpcEndpointPolicy: endpointPolicy, identityPolicies }
  const parsed = {
    resourcePolicy: parsePolicy(raw.resourcePolicy, { kind: 'resource' }),
    vpcEndpointPolicy: parsePolicy(endpointPolicy, { kind: 'endpoint' }),
    identityPolicies: identityPolicies.map(p => parsePolicy(p, { kind: 'identity' })),
  }
  const request = (policies, resource) => () =>
    evaluateRequest({ principal: SESSION, resource, context, resourceAccount: '222222222222', ...policies })
  // Sanity: the benchmark measures the path it claims to (an allow through every layer).
  const check = request(parsed, `${API}/prod/GET/items`)()
  if (check.decision !== 'allow')
    throw new Error(`bench setup: expected allow, got ${check.decision} (${check.deniedBy})`)
  return [
    {
      name: 'policy: evaluateRequest, 20-stmt resource + endpoint + 2 identity policies (pre-parsed)',
      value: perSecond(request(parsed, `${API}/prod/GET/items`)),
      unit: 'evals/s',
    },
    {
      name: 'policy: evaluateRequest, same policies parsed from documents on every call',
      value: perSecond(request(raw, `${API}/prod/GET/items`)),
      unit: 'evals/s',
    },
    {
      name: 'policy: evaluateRequest, denied request (pre-parsed)',
      value: perSecond(request(parsed, `${API}/prod/DELETE/items`)),
      unit: 'evals/s',
    },
  ]
}

// `node bench/policy.mjs` on its own prints the rows.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchPolicy())
    console.log(`${row.name}: ${row.value.toLocaleString('en-US')} ${row.unit}`)
}
