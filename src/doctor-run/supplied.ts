/**
 * Policies the user supplies on the command line (`--resource-policy`, `--endpoint-policy`,
 * `--identity-policy`, `--scp`, `--authorizer-policy`): read, checked to be policies of their
 * kind, and laid over what a snapshot holds. The files are read through the `read` the CLI
 * passes (its errors are curl's read error, 26).
 */
import { usageError } from '../core/errors.js'
import type { DoctorSnapshot, PolicyFacts, SuppliedFacts } from '../doctor/snapshot.js'

/** The policy file flags, as given (a list flag may be empty). */
export interface PolicyFiles {
  readonly resourcePolicy?: string | undefined
  readonly endpointPolicy?: string | undefined
  readonly identityPolicy: readonly string[]
  readonly scp: readonly string[]
  readonly authorizerPolicy?: string | undefined
}

/** Reads a file the user named (`what` names it in the error). */
export type ReadUserFile = (path: string, what: string) => Promise<Buffer>

/** Which policy kind each file flag holds (Principal is required in some, forbidden in others). */
const POLICY_KIND = {
  '--resource-policy': 'resource',
  '--endpoint-policy': 'endpoint',
  '--identity-policy': 'identity',
  '--scp': 'scp',
  '--authorizer-policy': 'authorizer',
} as const

export type PolicyFlag = keyof typeof POLICY_KIND

/** One supplied file as policy facts; a file that is no policy of its kind is a usage error. */
export async function readPolicyFile(
  read: ReadUserFile,
  path: string,
  what: PolicyFlag,
): Promise<PolicyFacts> {
  const text = (await read(path, what)).toString('utf8')
  return policyFacts(text, path, what)
}

/** The text of a supplied file as policy facts (the file name, and the document). */
export async function policyFacts(text: string, path: string, what: PolicyFlag): Promise<PolicyFacts> {
  const name = path.split(/[\\/]/).pop() ?? path
  const notJson = (why: string) =>
    usageError('PV_BAD_POLICY_FILE', `${what} ${path}: not a JSON policy document (${why})`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    if (err instanceof SyntaxError) throw notJson(err.message)
    throw err
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw notJson('not a JSON object')
  // JSON but not a policy (Effect "Maybe", a string Statement, a numeric Principal): a usage
  // error naming the file and the element, not an `unknown` check further down.
  const { parsePolicy, PolicyParseError } = await import('../policy/index.js')
  try {
    parsePolicy(doc as Record<string, unknown>, { kind: POLICY_KIND[what] })
  } catch (err) {
    if (err instanceof PolicyParseError)
      throw usageError(
        'PV_BAD_POLICY_FILE',
        `${what} ${path}: not a valid policy: ${err.message}`,
        `pvapi policy lint ${path} lists every problem`,
      )
    if (err instanceof RangeError)
      throw usageError('PV_BAD_POLICY_FILE', `${what} ${path}: not a valid policy: nested too deeply`)
    throw err
  }
  return { name, document: doc as Record<string, unknown> }
}

/** Every supplied file, read and checked (all at once: the first problem found is reported). */
export async function readSupplied(files: PolicyFiles, read: ReadUserFile): Promise<SuppliedFacts> {
  const one = (path: string | undefined, what: PolicyFlag) =>
    path ? readPolicyFile(read, path, what) : undefined
  const [resourcePolicy, endpointPolicy, identityPolicies, scps, authorizerPolicy] = await Promise.all([
    one(files.resourcePolicy, '--resource-policy'),
    one(files.endpointPolicy, '--endpoint-policy'),
    Promise.all(files.identityPolicy.map(p => readPolicyFile(read, p, '--identity-policy'))),
    Promise.all(files.scp.map(p => readPolicyFile(read, p, '--scp'))),
    one(files.authorizerPolicy, '--authorizer-policy'),
  ])
  return {
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(endpointPolicy ? { endpointPolicy } : {}),
    ...(identityPolicies.length ? { identityPolicies } : {}),
    ...(scps.length ? { serviceControlPolicies: scps } : {}),
    ...(authorizerPolicy ? { authorizerPolicy } : {}),
  }
}

/** The snapshot with the supplied policies laid over the ones it holds (a given file wins). */
export function withSupplied(s: DoctorSnapshot, supplied: SuppliedFacts): DoctorSnapshot {
  return Object.keys(supplied).length ? { ...s, supplied: { ...(s.supplied ?? {}), ...supplied } } : s
}
