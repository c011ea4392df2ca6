import type { Command } from 'commander'
import { REGION_PATTERN } from '../../aws/region.js'
import { usageError } from '../../core/errors.js'
import { ExitCode } from '../../core/exit-codes.js'
import type {
  AuthorizationHeader,
  AuthorizationType,
  ContextValue,
  NamedPolicy,
  PolicyKind,
} from '../../policy/index.js'
import type { CliContext } from '../context.js'
import { readUserFile } from '../files.js'

// Exit codes: `eval` exits 1 when the request is denied and `lint` exits 1 when a finding has
// severity "error", so scripts and CI can test either; warnings and notes alone exit 0.
// Unreadable files exit 26 (as everywhere in pvapi), invalid policies and flags 2.

const AUTH_TYPES = ['AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS']
const HEADERS = ['none', 'sigv4', 'invalid-sigv4', 'other']
const KINDS = ['resource', 'endpoint', 'identity', 'boundary', 'scp', 'authorizer']

const collect = (value: string, previous: string[]): string[] => [...previous, value]

interface EvalFlags {
  resourcePolicy?: string
  endpointPolicy?: string
  identityPolicy: string[]
  boundary?: string
  scp: string[]
  authorizerPolicy?: string
  principal: string
  method: string
  url?: string
  resource?: string
  apiId?: string
  apiAccount?: string
  action: string
  vpce?: string
  vpc?: string
  vpceAccount?: string
  vpceOrgId?: string
  vpceOrgPath: string[]
  context: string[]
  bareContext?: boolean
  authorizationType: string
  authorizationHeader?: string
  publicApi?: boolean
  format: string
}

interface LintFlags {
  kind?: string
  api?: string
  publicApi?: boolean
  format: string
}

interface ScaffoldFlags {
  callerRole: string
  api: string
  apiAccount?: string
  vpce: string
  route: string[]
  stage?: string
  callerSg?: string
  endpointSg?: string
  format: string
}

// Shapes checked before evaluation: a typo here otherwise yields a plausible-looking DENY (or
// a scaffold with a broken ARN) instead of saying which input is wrong.
const ACCOUNT = /^\d{12}$/
const ORG_ID = /^o-[a-z0-9]{10,32}$/
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/
const METHOD = /^[A-Za-z]+$/
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/
const STAGE = /^(\*|[A-Za-z0-9_-]{1,128})$/
// Security group ids end up inside the printed `aws ec2 …` commands: anything else could be
// shell syntax in a command the user pastes.
const SG = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/

function checkShape(flag: string, value: string | undefined, re: RegExp, expected: string): void {
  if (value !== undefined && !re.test(value))
    throw usageError('PV_BAD_ARGUMENT', `${flag} ${value}: expected ${expected}`)
}

function checkFormat(format: string): void {
  if (!['text', 'json'].includes(format))
    throw usageError('PV_BAD_FORMAT', `--format ${format}: expected text or json`)
}

async function readPolicy(ctx: CliContext, path: string, what: string): Promise<NamedPolicy> {
  const bytes = path === '-' ? await ctx.io.readStdin() : await readUserFile(path, what)
  return { name: path === '-' ? '(stdin)' : path, document: bytes.toString('utf8') }
}

/** `--context key=value`, repeated; a key given twice becomes a multivalued key. */
function parseContextPairs(pairs: readonly string[]): Record<string, ContextValue> {
  const out: Record<string, string | string[]> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0)
      throw usageError(
        'PV_BAD_CONTEXT',
        `--context ${pair}: expected key=value (e.g. aws:SourceVpce=vpce-0abc)`,
      )
    const key = pair.slice(0, eq)
    const value = pair.slice(eq + 1)
    const prev = out[key]
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value]
  }
  return out
}

/** Maps the library's own errors to one-line user errors. */
async function userErrors<T>(work: () => Promise<T> | T): Promise<T> {
  const { PolicyParseError, PolicyInputError } = await import('../../policy/index.js')
  try {
    return await work()
  } catch (err) {
    if (err instanceof PolicyParseError) {
      throw usageError(
        'PV_BAD_POLICY',
        err.message,
        'fix the element at that path (pvapi policy lint FILE lists every problem)',
      )
    }
    if (err instanceof PolicyInputError) throw usageError('PV_BAD_REQUEST', err.message)
    if (err instanceof RangeError) throw usageError('PV_BAD_ARGUMENT', err.message)
    throw err
  }
}

function registerEval(policy: Command, ctx: CliContext): void {
  policy
    .command('eval')
    .description(
      'evaluate one request through the VPC endpoint policy, resource policy and identity policies, layer by layer (exit 1 when denied)',
    )
    .requiredOption('--principal <arn>', 'the caller: role session, role or user ARN, or "anonymous"')
    .option(
      '--resource-policy <file>',
      "the API's resource policy (JSON, or the escaped string GetRestApi returns)",
    )
    .option('--endpoint-policy <file>', 'the VPC endpoint policy (default: the full-access policy)')
    .option('--identity-policy <file>', "one of the caller's identity policies (repeatable)", collect, [])
    .option('--boundary <file>', "the caller's permissions boundary")
    .option('--scp <file>', "an SCP that applies to the caller's account (repeatable)", collect, [])
    .option('--authorizer-policy <file>', 'the policy a Lambda authorizer returns (CUSTOM methods)')
    .option('--url <url>', 'the invoke URL (with --method); or use --resource')
    .option('--method <method>', 'HTTP method for --url', 'GET')
    .option('--resource <arn>', 'the method ARN: arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH')
    .option('--api-id <id>', 'the API id, for a vpce-… endpoint-specific --url')
    .option('--api-account <account>', "the API owner's account for --url (default: the caller's account)")
    .option('--action <action>', 'the action', 'execute-api:Invoke')
    .option('--vpce <id>', 'the VPC endpoint the request goes through (aws:SourceVpce)')
    .option('--vpc <id>', "that endpoint's VPC (aws:SourceVpc)")
    .option('--vpce-account <account>', 'the account that owns the VPC endpoint (aws:VpceAccount)')
    .option('--vpce-org-id <id>', "the endpoint owner's organization (aws:VpceOrgID), e.g. o-abc123")
    .option(
      '--vpce-org-path <path>',
      'an organization path of the endpoint owner (aws:VpceOrgPaths; repeatable), e.g. o-abc123/r-ab12/ou-ab12-11111111/',
      collect,
      [],
    )
    .option(
      '--context <key=value>',
      'a condition key (repeatable; repeat a key for a multivalued key)',
      collect,
      [],
    )
    .option('--bare-context', 'use only --context keys (do not derive aws:PrincipalArn, aws:CurrentTime, …)')
    .option(
      '--authorization-type <type>',
      `the method's authorization type: ${AUTH_TYPES.join(' | ')}`,
      'AWS_IAM',
    )
    .option(
      '--authorization-header <kind>',
      `what the Authorization header holds: ${HEADERS.join(' | ')} (default: sigv4, none for anonymous)`,
    )
    .option('--public-api', 'the API is not PRIVATE (a missing resource policy does not deny)')
    .option('--format <format>', 'text | json', 'text')
    .option('--debug', 'show stack traces for errors')
    .action(async (o: EvalFlags) => {
      checkFormat(o.format)
      if (!AUTH_TYPES.includes(o.authorizationType))
        throw usageError(
          'PV_BAD_AUTH_TYPE',
          `--authorization-type ${o.authorizationType}: expected ${AUTH_TYPES.join(', ')}`,
        )
      if (o.authorizationHeader !== undefined && !HEADERS.includes(o.authorizationHeader)) {
        throw usageError(
          'PV_BAD_AUTH_HEADER',
          `--authorization-header ${o.authorizationHeader}: expected ${HEADERS.join(', ')}`,
        )
      }
      if (Boolean(o.url) === Boolean(o.resource))
        throw usageError(
          'PV_NO_RESOURCE',
          'give exactly one of --url and --resource',
          'e.g. --url https://abc123.execute-api.us-east-1.amazonaws.com/prod/items --method GET',
        )
      if (o.principal.trim() === '')
        throw usageError(
          'PV_BAD_PRINCIPAL',
          '--principal is empty',
          'give an IAM or STS ARN, an account id, or "anonymous"',
        )
      checkShape('--method', o.method, METHOD, 'an HTTP method such as GET or POST')
      checkShape('--action', o.action, ACTION, 'service:Action, e.g. execute-api:Invoke')
      checkShape('--api-account', o.apiAccount, ACCOUNT, 'a 12-digit account id')
      checkShape('--vpce-account', o.vpceAccount, ACCOUNT, 'a 12-digit account id')
      checkShape('--vpce-org-id', o.vpceOrgId, ORG_ID, 'an organization id such as o-abc123defg')
      for (const path of o.vpceOrgPath)
        checkShape(
          '--vpce-org-path',
          path,
          ORG_PATH,
          'an organization path such as o-abc123defg/r-ab12/ou-ab12-11111111/',
        )
      // aws:SourceVpce / aws:SourceVpc are compared as typed: a malformed id only ever fails to
      // match. Shapes only (examples use short ids such as vpce-0abc), like the other commands.
      checkShape('--vpce', o.vpce, /^vpce-[0-9a-z]+$/, 'a VPC endpoint id (vpce-0123456789abcdef0)')
      checkShape('--vpc', o.vpc, /^vpc-[0-9a-z]+$/, 'a VPC id (vpc-0123456789abcdef0)')
      const lib = await import('../../policy/index.js')
      if (o.resource !== undefined) {
        const arn = lib.parseExecuteApiArn(o.resource)
        if (!arn || !arn.stage || !arn.method) {
          throw usageError(
            'PV_BAD_RESOURCE',
            `--resource ${o.resource}: not an execute-api method ARN`,
            'expected arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH, e.g. arn:aws:execute-api:us-east-1:111111111111:abc1234567/prod/GET/items',
          )
        }
      }
      const caller = lib.parseCaller(o.principal)
      let resource = o.resource as string
      let region: string | undefined
      if (o.url) {
        const ref = lib.parseApiReference(o.url, o.apiId)
        if (!ref || !ref.stage) {
          throw usageError(
            'PV_BAD_URL',
            `--url ${o.url}: not an execute-api invoke URL with a stage`,
            'custom domain names do not name the API: pass --resource with the method ARN',
          )
        }
        const account = o.apiAccount ?? caller.account
        if (!account)
          throw usageError(
            'PV_NO_ACCOUNT',
            'the invoke URL does not carry the API account',
            'pass --api-account',
          )
        if (!o.apiAccount)
          ctx.io.err(
            ctx.io.errColors.dim(
              `pvapi: assuming the API is in the caller's account ${account} (--api-account to change)\n`,
            ),
          )
        resource = lib.executeApiArn({
          region: ref.region,
          account,
          apiId: ref.apiId,
          partition: ref.partition,
          stage: ref.stage,
          method: o.method,
          path: ref.path ?? '/',
        })
        region = ref.region
      } else {
        region = lib.parseArn(resource)?.region
      }
      const pairs = parseContextPairs(o.context)
      // The endpoint-owner keys are explicit values, so they are set with --bare-context too.
      const vpceKeys = {
        ...(o.vpceAccount ? { 'aws:VpceAccount': o.vpceAccount } : {}),
        ...(o.vpceOrgId ? { 'aws:VpceOrgID': o.vpceOrgId } : {}),
        ...(o.vpceOrgPath.length > 0 ? { 'aws:VpceOrgPaths': [...o.vpceOrgPath] } : {}),
      }
      const context = o.bareContext
        ? { ...vpceKeys, ...pairs }
        : lib.buildRequestContext({
            principal: o.principal,
            ...(o.vpce ? { sourceVpce: o.vpce } : {}),
            ...(o.vpc ? { sourceVpc: o.vpc } : {}),
            ...(o.vpceAccount ? { vpceAccount: o.vpceAccount } : {}),
            ...(o.vpceOrgId ? { vpceOrgId: o.vpceOrgId } : {}),
            ...(o.vpceOrgPath.length > 0 ? { vpceOrgPaths: o.vpceOrgPath } : {}),
            ...(region ? { region } : {}),
            extra: pairs,
          })
      const [
        resourcePolicy,
        vpcEndpointPolicy,
        boundary,
        authorizerPolicy,
        identityPolicies,
        serviceControlPolicies,
      ] = await Promise.all([
        o.resourcePolicy ? readPolicy(ctx, o.resourcePolicy, 'resource policy') : undefined,
        o.endpointPolicy ? readPolicy(ctx, o.endpointPolicy, 'endpoint policy') : undefined,
        o.boundary ? readPolicy(ctx, o.boundary, 'permissions boundary') : undefined,
        o.authorizerPolicy ? readPolicy(ctx, o.authorizerPolicy, 'authorizer policy') : undefined,
        Promise.all(o.identityPolicy.map(f => readPolicy(ctx, f, 'identity policy'))),
        Promise.all(o.scp.map(f => readPolicy(ctx, f, 'SCP'))),
      ])
      const result = await userErrors(() =>
        lib.evaluateRequest({
          principal: o.principal,
          action: o.action,
          resource,
          authorizationType: o.authorizationType as AuthorizationType,
          ...(o.authorizationHeader
            ? { authorizationHeader: o.authorizationHeader as AuthorizationHeader }
            : {}),
          context,
          identityPolicies,
          serviceControlPolicies,
          ...(resourcePolicy ? { resourcePolicy } : {}),
          ...(vpcEndpointPolicy ? { vpcEndpointPolicy } : {}),
          ...(boundary ? { permissionsBoundary: boundary } : {}),
          ...(authorizerPolicy ? { authorizerPolicy } : {}),
          ...(o.publicApi ? { privateApi: false } : {}),
        }),
      )
      const hints = lib.denialHints(result)
      const { renderPolicyEvalJson, renderPolicyEvalText } = await import('../../render/policy-eval.js')
      ctx.io.out(
        o.format === 'json'
          ? renderPolicyEvalJson(result, hints)
          : renderPolicyEvalText(result, hints, ctx.io.colors),
      )
      ctx.setExitCode(result.decision === 'allow' ? ExitCode.Ok : ExitCode.Failure)
    })
}

function registerLint(policy: Command, ctx: CliContext): void {
  policy
    .command('lint')
    .description(
      'least-privilege and correctness findings for one policy file ("-" reads stdin; exit 1 on an error finding)',
    )
    .argument(
      '<file>',
      'the policy: JSON, an escaped GetRestApi policy string, or an endpoint PolicyDocument',
    )
    .option('--kind <kind>', `what the policy is: ${KINDS.join(' | ')}`)
    .option('--api <arn>', "the API's ARN, to flag resources of other APIs")
    .option('--public-api', 'the API is not PRIVATE (no VPC endpoint guard needed)')
    .option('--format <format>', 'text | json', 'text')
    .option('--debug', 'show stack traces for errors')
    .action(async (file: string, o: LintFlags) => {
      checkFormat(o.format)
      if (o.kind !== undefined && !KINDS.includes(o.kind))
        throw usageError('PV_BAD_KIND', `--kind ${o.kind}: expected ${KINDS.join(', ')}`)
      const lib = await import('../../policy/index.js')
      const api = o.api ? lib.apiFromArn(o.api) : undefined
      if (o.api && !api)
        throw usageError('PV_BAD_API', `--api ${o.api}: expected arn:aws:execute-api:REGION:ACCOUNT:API_ID`)
      const { document, name } = await readPolicy(ctx, file, 'policy')
      const findings = lib.lintPolicy(document, {
        ...(o.kind ? { kind: o.kind as PolicyKind } : {}),
        ...(api ? { api } : {}),
        ...(o.publicApi ? { privateApi: false } : {}),
      })
      const { renderPolicyLintJson, renderPolicyLintText } = await import('../../render/policy-lint.js')
      ctx.io.out(
        o.format === 'json'
          ? renderPolicyLintJson(name, findings)
          : renderPolicyLintText(name, findings, ctx.io.colors),
      )
      ctx.setExitCode(findings.some(f => f.severity === 'error') ? ExitCode.Failure : ExitCode.Ok)
    })
}

function registerScaffold(policy: Command, ctx: CliContext): void {
  policy
    .command('scaffold')
    .description(
      'print the least-privilege endpoint policy, resource policy, identity policy and security-group rules for given routes',
    )
    .requiredOption('--caller-role <arn>', "the caller's role ARN")
    .requiredOption('--api <arn-or-url>', 'the API: execute-api ARN or invoke URL')
    .requiredOption('--vpce <id>', 'the VPC endpoint the caller uses')
    .option(
      '--route <METHOD:/path>',
      'a route to allow, e.g. GET:/items or ANY:/items/{id} (repeatable)',
      collect,
      [],
    )
    .option('--stage <stage>', 'the stage (default: the one in --api, else every stage)')
    .option('--api-account <account>', "the API owner's account, when --api is a URL (default: the caller's)")
    .option('--caller-sg <id>', "the caller's security group")
    .option('--endpoint-sg <id>', "the endpoint's security group")
    .option('--format <format>', 'text | json', 'text')
    .option('--debug', 'show stack traces for errors')
    .action(async (o: ScaffoldFlags) => {
      checkFormat(o.format)
      if (o.route.length === 0)
        throw usageError(
          'PV_NO_ROUTE',
          'at least one --route is needed',
          'e.g. --route GET:/items --route POST:/items',
        )
      checkShape('--api-account', o.apiAccount, ACCOUNT, 'a 12-digit account id')
      checkShape('--stage', o.stage, STAGE, 'a stage name (letters, digits, - and _)')
      checkShape('--caller-sg', o.callerSg, SG, 'a security group id (sg- and 8 or 17 hex digits)')
      checkShape('--endpoint-sg', o.endpointSg, SG, 'a security group id (sg- and 8 or 17 hex digits)')
      const lib = await import('../../policy/index.js')
      // The region is printed unquoted in the `aws ec2 … --region` commands: it must be one.
      const ref = lib.parseApiReference(o.api)
      if (ref && !REGION_PATTERN.test(ref.region))
        throw usageError(
          'PV_BAD_API',
          `--api ${o.api}: ${JSON.stringify(ref.region)} is not a region name`,
          'e.g. arn:aws:execute-api:us-east-1:111111111111:abc1234567/prod',
        )
      if (ref?.account !== undefined && !ACCOUNT.test(ref.account))
        throw usageError(
          'PV_BAD_API',
          `--api ${o.api}: ${JSON.stringify(ref.account)} is not a 12-digit account id`,
        )
      const out = await userErrors(() =>
        lib.scaffoldPolicies({
          callerRoleArn: o.callerRole,
          api: o.api,
          vpceId: o.vpce,
          routes: o.route,
          ...(o.apiAccount ? { apiAccount: o.apiAccount } : {}),
          ...(o.stage ? { stage: o.stage } : {}),
          ...(o.callerSg ? { callerSecurityGroupId: o.callerSg } : {}),
          ...(o.endpointSg ? { endpointSecurityGroupId: o.endpointSg } : {}),
        }),
      )
      const { renderScaffoldJson, renderScaffoldText } = await import('../../render/policy-scaffold.js')
      ctx.io.out(o.format === 'json' ? renderScaffoldJson(out) : renderScaffoldText(out, ctx.io.colors))
    })
}

/** `pvapi policy eval | lint | scaffold`: the policy engine, offline (no AWS calls). */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program
    .command('policy')
    .description('evaluate, lint and scaffold policies with API Gateway semantics, offline')
  registerEval(policy, ctx)
  registerLint(policy, ctx)
  registerScaffold(policy, ctx)
}
