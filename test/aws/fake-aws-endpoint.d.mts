/** Types for fake-aws-endpoint.mjs (a JS module so the benchmark can use it too). */
export interface FakeWorld {
  callerArn: string
  endpoints: Array<Record<string, unknown>>
  vpcs: Array<Record<string, unknown>>
  subnets: Array<Record<string, unknown>>
  rules: Array<Record<string, unknown>>
  enis: Array<Record<string, unknown>>
  restApi: Record<string, unknown>
  identityPolicy: Record<string, unknown>
  /** "Service.Operation" names answered with AccessDenied. */
  deny: string[]
  /** Route 53 Resolver and Route 53 answers (fake-hybrid.mjs). */
  hybrid?: Record<string, unknown>
  /** Every Resolver and Route 53 request: the operation and its input. */
  hybridLog?: Array<{ op: string; input: Record<string, unknown> }>
}
export function defaultWorld(): FakeWorld
export function startFakeAws(options?: {
  delayMs?: number
  world?: FakeWorld
}): Promise<{ url: string; calls: string[]; world: FakeWorld; close(): Promise<void> }>
