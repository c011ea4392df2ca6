/**
 * `pvapi policy eval | lint | scaffold`: the options, then flags → the engine's input
 * (../policy-flags.ts) → src/policy/ → render. Offline: no AWS calls.
 */
import type { Command } from 'commander'
import { usageError } from '../../core/errors.js'
import { ExitCode } from '../../core/exit-codes.js'
import type { AuthorizationHeader, AuthorizationType, NamedPolicy, PolicyKind } from '../../policy/index.js'
import type { CliContext } from '../context.js'
import { readUserFile } from '../files.js'
import {
  AUTH_TYPES,
  checkEvalFlags,
  checkScaffoldFlags,
  type EvalFlags,
  evalRequest,
  HEADERS,
  KINDS,
  type LintFlags,
  lintApi,
  type ScaffoldFlags,
} from '../policy-flags.js'

// Exit codes: `eval` exits 1 when the request is denied and `lint` exits 1 when a finding has
// severity "error", so scripts and CI can test either; warnings and notes alone exit 0.
// Unreadable files exit 26 (as everywhere in pvapi), invalid policies and flags 2.

const collect = (value: string, previous: string[]): string[] => [...previous, value]

async function readPolicy(ctx: CliContext, path: string, what: string): Promise<NamedPolicy> {
  const bytes = path === '-' ? await ctx.io.readStdin() : await readUserFile(path, what)
  return { name: path === '-' ? '(stdin)' : path, document: bytes.toString('utf8') }
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
      checkEvalFlags(o)
      const lib = await import('../../policy/index.js')
      const { resource, context } = evalRequest(o, lib, text => ctx.io.err(ctx.io.errColors.dim(text)))
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
      const lib = await import('../../policy/index.js')
      const api = lintApi(o, lib)
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
      const lib = await import('../../policy/index.js')
      checkScaffoldFlags(o, lib)
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
