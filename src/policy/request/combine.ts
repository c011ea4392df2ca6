/**
 * Step 3 of a request: which layers block it, by the method's authorization type. One
 * combining rule per type (COMBINING); the VPC endpoint policy must allow for every type and
 * is combined by the caller.
 *
 * - `AWS_IAM`: identity policies and the resource policy, by Table A (same account: either
 *   may allow) or Table B (cross-account: both must allow); an explicit deny anywhere wins.
 *   Then a permissions boundary and the caller account's SCPs, each of which must allow.
 * - `CUSTOM`: resource-policy explicit denies first, then the Lambda authorizer's policy,
 *   combined with the resource policy by Table A.
 * - `NONE` and `COGNITO_USER_POOLS`: the resource policy must explicitly allow on its own.
 * A private API with no resource policy cannot be deployed and denies every call.
 */
import type {
  AuthorizationType,
  Decision,
  DeniedBy,
  LayerName,
  ParsedPolicy,
  StatementEvaluation,
} from '../types.js'
import type { EvaluatedLayers } from './layers.js'
import type { LayerEvaluation } from './types.js'

/** A layer that does not allow the request, and how. */
export interface Block {
  readonly layer: LayerName
  readonly decision: Decision
}

/** What a combining rule reads: the layers, and the facts the tables turn on. */
export interface CombineInput {
  readonly layers: EvaluatedLayers
  readonly privateApi: boolean
  readonly principalAccount: string | undefined
  readonly resourceAccount: string | undefined
}

/** What a combining rule decides. */
export interface Combined {
  /** The method-side layers that block, in API Gateway's order. */
  readonly blocks: readonly Block[]
  readonly table?: 'A' | 'B'
  /** Whether caller and API share an account (AWS_IAM only). */
  readonly sameAccount?: boolean
  readonly notes: readonly string[]
}

/** A layer's own decision as a block, when it does not allow. */
export const blockOf = (layer: LayerName, decision: Decision): Block[] =>
  decision === 'allow' ? [] : [{ layer, decision }]

/**
 * A layer "allows, but for its denies" when an Allow statement applies. The tables are
 * applied to that view too, so blockedBy also names a side that would still block once an
 * explicit deny is fixed (e.g. the missing identity policy of a cross-account caller).
 */
const allowsAside = (ls: readonly LayerEvaluation[]): boolean =>
  ls.some(l => l.source === 'assumed' || l.statements.some(st => st.applies && st.effect === 'Allow'))

/**
 * How a layer that blocks does so: explicitly when it denies, implicitly otherwise. A layer
 * whose own decision is `allow` can still block by a table (Table B wants both sides), and
 * then blocks implicitly.
 */
function denial(explicit: boolean): Decision {
  return explicit ? 'explicit-deny' : 'implicit-deny'
}

/** The resource policy's view shared by the rules. */
function resourceView({ layers, privateApi }: CombineInput) {
  const rp = layers.resource
  // Without a resource policy the layer has no statements, so nothing grants.
  const grants = (pred: (st: StatementEvaluation) => boolean): boolean =>
    rp.statements.some(st => st.applies && st.effect === 'Allow' && pred(st))
  return {
    decision: rp.decision,
    grants,
    allows: grants(() => true),
    /** A private API without a resource policy: nothing can allow. */
    missing: privateApi && layers.resourcePolicy === undefined,
  }
}

/** AWS_IAM: Table A or B over identity and resource policies, then the boundary and SCPs. */
function combineIam(input: CombineInput): Combined {
  const { layers, principalAccount, resourceAccount } = input
  const rp = resourceView(input)
  const notes: string[] = []
  const sameAccount = principalAccount !== undefined && principalAccount === resourceAccount
  if (principalAccount === undefined || resourceAccount === undefined) {
    notes.push('the caller or API account is unknown: evaluated as cross-account (Table B)')
  }
  const idDenies = layers.identity.some(l => l.decision === 'explicit-deny')
  const idAllows = allowsAside(layers.identity)
  // Table A: either side may allow; Table B: both must. An explicit deny blocks regardless.
  // In Table A the resource policy allows on its own only when it names the caller (or
  // "*"): a grant to the account delegates to the account, and the identity inside it
  // still needs an identity-policy allow. Across accounts that delegation is exactly what
  // Table B's resource side needs.
  const rpNamesCaller = rp.grants(st => st.principalMatch !== 'account')
  const either = rpNamesCaller || idAllows
  const rpBlocks =
    rp.missing || rp.decision === 'explicit-deny' || (sameAccount ? !either && !rp.allows : !rp.allows)
  const idBlocks = idDenies || (sameAccount ? !either : !idAllows)
  const blocks: Block[] = []
  if (rpBlocks) blocks.push({ layer: 'resource-policy', decision: denial(rp.decision === 'explicit-deny') })
  if (idBlocks) blocks.push({ layer: 'identity-policy', decision: denial(idDenies) })
  const boundary = layers.boundary
  if (boundary) {
    // IAM: within one account, a resource-policy grant made directly to the role session
    // ARN or the IAM user ARN (or to "*" with an aws:PrincipalArn condition naming the
    // caller) is not limited by an implicit deny in a permissions boundary; a grant to the
    // role ARN (or the account) is. An explicit deny in the boundary always blocks.
    const unlimited =
      sameAccount &&
      boundary.decision === 'implicit-deny' &&
      rp.grants(st => directGrant(st, layers.resourcePolicy))
    if (unlimited)
      notes.push(
        'the resource policy grants this session or user directly, so the permissions boundary does not limit it (same account)',
      )
    else blocks.push(...blockOf('permissions-boundary', boundary.decision))
  }
  for (const scp of layers.scps) blocks.push(...blockOf('service-control-policy', scp.decision))
  return { blocks, table: sameAccount ? 'A' : 'B', sameAccount, notes }
}

/**
 * CUSTOM: explicit denies in the resource policy are checked before the authorizer runs; then
 * the authorizer's policy and the resource policy combine by Table A.
 */
function combineCustom(input: CombineInput): Combined {
  const rp = resourceView(input)
  const authorizer = input.layers.authorizer
  const azDenies = authorizer?.decision === 'explicit-deny'
  const azAllows = authorizer ? allowsAside([authorizer]) : true
  const neitherAllows = !rp.allows && !azAllows
  const blocks: Block[] = []
  if (rp.missing || rp.decision === 'explicit-deny' || neitherAllows)
    blocks.push({ layer: 'resource-policy', decision: denial(rp.decision === 'explicit-deny') })
  if (azDenies || neitherAllows) blocks.push({ layer: 'authorizer-policy', decision: denial(azDenies) })
  return { blocks, table: 'A', notes: [] }
}

/**
 * NONE and COGNITO_USER_POOLS: the resource policy must allow on its own. A public
 * (non-private) API without a resource policy has nothing to deny with.
 */
function resourcePolicyAlone({ layers, privateApi }: CombineInput): Combined {
  const blocks =
    layers.resourcePolicy !== undefined || privateApi
      ? blockOf('resource-policy', layers.resource.decision)
      : []
  return { blocks, notes: [] }
}

/** The combining rule of each authorization type. */
export const COMBINING: Readonly<Record<AuthorizationType, (input: CombineInput) => Combined>> = {
  AWS_IAM: combineIam,
  CUSTOM: combineCustom,
  NONE: resourcePolicyAlone,
  COGNITO_USER_POOLS: resourcePolicyAlone,
}

/** The rule for a type; a type API Gateway does not define is combined as NONE. */
export const combiningRule = (type: AuthorizationType): ((input: CombineInput) => Combined) =>
  Object.hasOwn(COMBINING, type) ? COMBINING[type] : resourcePolicyAlone

/**
 * The request's decision from authentication and the blocks: a failed authentication stops
 * the request before any policy; otherwise the first explicit deny in API Gateway's order
 * decides, else the first implicit one. `blockedBy` names every layer that blocks.
 */
export function decide(
  authenticated: boolean,
  blocks: readonly Block[],
): { decision: Decision; deniedBy?: DeniedBy; blockedBy: DeniedBy[] } {
  const blockedBy: DeniedBy[] = [...new Set(blocks.map(b => b.layer))]
  if (!authenticated)
    return {
      decision: 'implicit-deny',
      deniedBy: 'authentication',
      blockedBy: ['authentication', ...blockedBy],
    }
  const first = blocks.find(b => b.decision === 'explicit-deny') ?? blocks[0]
  return first
    ? { decision: first.decision, deniedBy: first.layer, blockedBy }
    : { decision: 'allow', blockedBy }
}

/**
 * Whether an applying Allow statement grants the caller directly: by its own ARN (session,
 * user), or as "*" narrowed by a positive aws:PrincipalArn test that held for this request.
 */
function directGrant(st: StatementEvaluation, rp: ParsedPolicy | undefined): boolean {
  if (st.principalMatch === 'direct') return true
  if (st.principalMatch !== 'everyone') return false
  // The operators that can only hold when the ARN is the one they name (in a function, not a
  // module constant, so that mutation testing runs its mutants).
  const positive = ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike', 'StringEqualsIgnoreCase']
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: a statement that granted is in the policy that was evaluated
  const parsed = rp?.statements.find(x => x.index === st.index)
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: as above
  return (parsed?.conditions ?? []).some(
    c => c.key.toLowerCase() === 'aws:principalarn' && positive.includes(c.base) && c.set === undefined,
  )
}
