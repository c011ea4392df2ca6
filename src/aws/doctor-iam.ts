import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  type ListRolePoliciesCommandOutput,
} from '@aws-sdk/client-iam'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { PolicyFacts } from '../doctor/snapshot.js'
import { orMissing } from './collect/attempt.js'
import type { IamPort } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits, parsePolicyText } from './doctor-client-config.js'

/** IAM returns policy documents URL-encoded. */
function decodeDocument(doc: string | undefined): Readonly<Record<string, unknown>> | string | undefined {
  if (doc === undefined) return undefined
  let text = doc
  try {
    text = decodeURIComponent(doc)
  } catch {
    // Not URL-encoded (some IAM-compatible endpoints): use as is.
  }
  return parsePolicyText(text)
}

/** IAM reads: a role, its inline and attached policies, a managed policy's default version. */
export function iamPort(region: string, credentials: AwsCredentialIdentity, limits?: DoctorLimits): IamPort {
  const client = bounded(new IAMClient(clientConfig(region, credentials, limits)), limits?.signal)
  const managedPolicy = (PolicyArn: string) =>
    orMissing(async (): Promise<PolicyFacts | undefined> => {
      const p = await client.send(new GetPolicyCommand({ PolicyArn }))
      const VersionId = p.Policy?.DefaultVersionId
      if (!VersionId) return undefined
      const v = await client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId }))
      const document = decodeDocument(v.PolicyVersion?.Document)
      return document === undefined ? undefined : { name: PolicyArn, document }
    })
  return {
    role: RoleName =>
      orMissing(async () => {
        const r = (await client.send(new GetRoleCommand({ RoleName }))).Role
        if (!r?.Arn) return undefined
        const tags = Object.fromEntries((r.Tags ?? []).filter(t => t.Key).map(t => [t.Key!, t.Value ?? '']))
        return {
          arn: r.Arn,
          name: r.RoleName ?? RoleName,
          ...(r.PermissionsBoundary?.PermissionsBoundaryArn
            ? { permissionsBoundaryArn: r.PermissionsBoundary.PermissionsBoundaryArn }
            : {}),
          ...(Object.keys(tags).length ? { tags } : {}),
        }
      }),
    async rolePolicies(RoleName) {
      // The two listings are independent: read them at once.
      const listInline = async (): Promise<string[]> => {
        const names: string[] = []
        let Marker: string | undefined
        for (let i = 0; i < 50; i++) {
          const out: ListRolePoliciesCommandOutput = await client.send(
            new ListRolePoliciesCommand({ RoleName, ...(Marker ? { Marker } : {}) }),
          )
          names.push(...(out.PolicyNames ?? []))
          if (!out.IsTruncated || !out.Marker) break
          Marker = out.Marker
        }
        return names
      }
      const listAttached = async (): Promise<string[]> => {
        const arns: string[] = []
        let Marker: string | undefined
        for (let i = 0; i < 50; i++) {
          const out: ListAttachedRolePoliciesCommandOutput = await client.send(
            new ListAttachedRolePoliciesCommand({ RoleName, ...(Marker ? { Marker } : {}) }),
          )
          for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn)
          if (!out.IsTruncated || !out.Marker) break
          Marker = out.Marker
        }
        return arns
      }
      const [inlineNames, attached] = await Promise.all([listInline(), listAttached()])
      const [inline, managed] = await Promise.all([
        Promise.all(
          inlineNames.map(async (PolicyName): Promise<PolicyFacts | undefined> => {
            const out = await client.send(new GetRolePolicyCommand({ RoleName, PolicyName }))
            const document = decodeDocument(out.PolicyDocument)
            return document === undefined ? undefined : { name: PolicyName, document }
          }),
        ),
        Promise.all(attached.map(arn => managedPolicy(arn))),
      ])
      return [...inline, ...managed].filter((p): p is PolicyFacts => p !== undefined)
    },
    managedPolicy,
  }
}
